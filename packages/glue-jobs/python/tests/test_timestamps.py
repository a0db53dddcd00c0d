import unittest
from datetime import date, datetime, timezone

from ceap_heavy_etl import epoch_micros, parse_logical_date, parse_timestamp


class ParseTimestampTest(unittest.TestCase):
    def test_accepts_the_iso_8601_forms_etl_writes(self):
        cases = [
            ("2024-05-01T12:30:45Z", datetime(2024, 5, 1, 12, 30, 45, tzinfo=timezone.utc)),
            ("2024-05-01T12:30:45.123Z", datetime(2024, 5, 1, 12, 30, 45, 123000, tzinfo=timezone.utc)),
            ("2024-05-01T12:30:45.123456789Z", datetime(2024, 5, 1, 12, 30, 45, 123456, tzinfo=timezone.utc)),
            ("2024-05-01T14:30:45+02:00", datetime(2024, 5, 1, 12, 30, 45, tzinfo=timezone.utc)),
            ("2024-05-01T10:30:45-0200", datetime(2024, 5, 1, 12, 30, 45, tzinfo=timezone.utc)),
            ("2024-05-01 12:30", datetime(2024, 5, 1, 12, 30, tzinfo=timezone.utc)),
            ("2024-05-01", datetime(2024, 5, 1, tzinfo=timezone.utc)),
        ]
        for text, expected in cases:
            with self.subTest(text=text):
                # Act
                parsed = parse_timestamp(text)
                # Assert
                self.assertEqual(parsed, expected)

    def test_the_canonical_form_reads_as_the_general_form_does(self):
        # The fast path for toISOString's form must agree with the regex path: the same instant
        # written with a +00:00 offset (which only the regex path reads) is the reference.
        for text in ["2024-05-01T12:30:45.123Z", "1999-12-31T23:59:59.999Z", "2024-02-29T00:00:00.000Z"]:
            with self.subTest(text=text):
                # Act / Assert
                self.assertEqual(parse_timestamp(text), parse_timestamp(text[:-1] + "+00:00"))

    def test_the_canonical_form_refuses_what_the_general_form_refuses(self):
        for text in ["2024-13-01T00:00:00.000Z", "2024-02-30T00:00:00.000Z", "2024-05-01T24:00:00.000Z", "2024-05-01T00:00:00.0a0Z", "+024-05-01T00:00:00.000Z"]:
            with self.subTest(text=text):
                # Act / Assert
                with self.assertRaises(ValueError):
                    parse_timestamp(text)

    def test_the_canonical_form_names_the_bad_field_as_the_general_form_does(self):
        # The reject's message carries the error, so both paths must explain it the same way.
        for text in ["2024-13-01T00:00:00.000Z", "2024-02-30T00:00:00.000Z", "2024-05-01T23:60:00.000Z"]:
            with self.subTest(text=text):
                # Act
                with self.assertRaises(ValueError) as canonical:
                    parse_timestamp(text)
                with self.assertRaises(ValueError) as general:
                    parse_timestamp(text[:-1] + "+00:00")
                # Assert
                self.assertEqual(str(canonical.exception), str(general.exception))

    def test_refuses_what_is_not_a_timestamp(self):
        for value in ["yesterday", "2024-13-01", "2024-02-30", "2024-05-01T25:00:00Z", "01/05/2024", "", 1714521600, None]:
            with self.subTest(value=value):
                # Act / Assert
                with self.assertRaises(ValueError):
                    parse_timestamp(value)

    def test_epoch_micros_orders_the_same_instant_written_two_ways_equally(self):
        # Arrange
        a = parse_timestamp("2024-05-01T02:00:00+02:00")
        b = parse_timestamp("2024-05-01T00:00:00.000Z")
        # Act / Assert
        self.assertEqual(epoch_micros(a), epoch_micros(b))
        self.assertEqual(epoch_micros(parse_timestamp("1970-01-01T00:00:01Z")), 1000000)


class ParseLogicalDateTest(unittest.TestCase):
    def test_parses_a_calendar_date(self):
        # Act / Assert
        self.assertEqual(parse_logical_date("2024-02-29"), date(2024, 2, 29))

    def test_refuses_anything_else(self):
        for value in ["2023-02-29", "2024-5-1", "2024-05-01T00:00:00Z", None]:
            with self.subTest(value=value):
                # Act / Assert
                with self.assertRaises(ValueError):
                    parse_logical_date(value)


if __name__ == "__main__":
    unittest.main()
