import unittest
from datetime import date

from ceap_heavy_etl import dedupe_entry, enrich_entry, enrich_record, recency_days, validate_record

from .support import record

LOGICAL_DATE = date(2024, 5, 1)
SEGMENTS = {"C0000001": "loyal"}


class RecencyDaysTest(unittest.TestCase):
    def test_counts_whole_utc_calendar_days_to_the_logical_date(self):
        cases = [
            ("2024-05-01T23:59:59Z", 0),
            ("2024-04-30T23:59:59Z", 1),
            ("2024-04-30T00:00:00Z", 1),
            ("2024-05-01T01:00:00+02:00", 1),
            ("2024-04-21T12:00:00Z", 10),
            ("2024-02-28T00:00:00Z", 63),
            ("2023-05-01T00:00:00Z", 366),
        ]
        for last_activity, expected in cases:
            with self.subTest(last_activity=last_activity):
                # Act
                days, clamped = recency_days(last_activity, LOGICAL_DATE)
                # Assert
                self.assertEqual(days, expected)
                self.assertFalse(clamped)

    def test_is_null_without_activity(self):
        # Act / Assert
        self.assertEqual(recency_days(None, LOGICAL_DATE), (None, False))

    def test_activity_after_the_logical_date_is_clamped_to_zero(self):
        # Act / Assert
        self.assertEqual(recency_days("2024-05-02T00:00:00Z", LOGICAL_DATE), (0, True))


class EnrichRecordTest(unittest.TestCase):
    def test_adds_rfm_sessions_and_segment_and_keeps_every_field(self):
        # Arrange
        rec = record(
            email="a@example.com",
            lastActivityAt="2024-04-28T09:00:00Z",
            orderCount=7,
            totalSpend=250.75,
            sessions30d=12,
        )
        # Act
        enriched = enrich_record(rec, LOGICAL_DATE, SEGMENTS)
        # Assert
        self.assertEqual(
            enriched,
            dict(rec, recencyDays=3, frequency=7, monetary=250.75, sessions30d=12, segment="loyal"),
        )
        self.assertNotIn("recencyDays", rec)

    def test_missing_or_null_figures_become_zero(self):
        for fields in [{}, {"orderCount": None, "totalSpend": None, "sessions30d": None, "lastActivityAt": None}]:
            with self.subTest(fields=fields):
                # Act
                enriched = enrich_record(record(customer_id="C9", **fields), LOGICAL_DATE, SEGMENTS)
                # Assert
                self.assertEqual(
                    (enriched["recencyDays"], enriched["frequency"], enriched["monetary"], enriched["sessions30d"]),
                    (None, 0, 0, 0),
                )
                self.assertEqual(enriched["segment"], "unassigned")

    def test_whole_floats_become_integers(self):
        # Act
        enriched = enrich_record(record(orderCount=2.0, totalSpend=15.0, sessions30d=3.0), LOGICAL_DATE, SEGMENTS)
        # Assert
        self.assertEqual((enriched["frequency"], enriched["monetary"], enriched["sessions30d"]), (2, 15, 3))
        self.assertIsInstance(enriched["frequency"], int)
        self.assertIsInstance(enriched["monetary"], int)

    def test_reports_clamped_future_activity_through_the_callback(self):
        # Arrange
        calls = []
        # Act
        enriched = enrich_record(record(lastActivityAt="2024-06-01T00:00:00Z"), LOGICAL_DATE, SEGMENTS, calls.append)
        enrich_record(record(lastActivityAt="2024-04-01T00:00:00Z"), LOGICAL_DATE, SEGMENTS, calls.append)
        # Assert
        self.assertEqual(enriched["recencyDays"], 0)
        self.assertEqual(calls, [1])


class EnrichEntryTest(unittest.TestCase):
    def test_an_entry_enriches_as_its_record_does_without_parsing_again(self):
        cases = [
            {"lastActivityAt": "2024-04-28T09:00:00Z", "orderCount": 7},
            {"lastActivityAt": "2024-06-01T00:00:00.000Z"},
            {"lastActivityAt": "2024-05-01T01:00:00+02:00"},
            {"lastActivityAt": None},
            {},
        ]
        for fields in cases:
            with self.subTest(fields=fields):
                # Arrange
                rec = record(**fields)
                valid, _ = validate_record(rec)
                _, entry = dedupe_entry(valid)
                from_record, from_entry = [], []
                # Act
                expected = enrich_record(rec, LOGICAL_DATE, SEGMENTS, from_record.append)
                enriched = enrich_entry(entry, LOGICAL_DATE, SEGMENTS, from_entry.append)
                # Assert
                self.assertEqual(enriched, expected)
                self.assertEqual(from_entry, from_record)


if __name__ == "__main__":
    unittest.main()
