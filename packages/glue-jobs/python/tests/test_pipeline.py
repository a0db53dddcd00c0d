"""The per-line steps the Spark script chains, and the local batch driver that chains them."""

import json
import unittest
from datetime import date

from ceap_heavy_etl import (
    BatchStats,
    has_content,
    is_reject,
    is_valid,
    payload,
    reject_reason,
    run_batch,
    to_json_line,
    validate_line,
)


class ValidateLineTest(unittest.TestCase):
    def test_a_good_line_becomes_a_keyed_dedupe_entry(self):
        # Act
        tagged = validate_line('{"customerId":"C1","updatedAt":"1970-01-01T00:00:01Z"}')
        # Assert
        self.assertTrue(is_valid(tagged))
        self.assertFalse(is_reject(tagged))
        self.assertEqual(payload(tagged), ("C1", (1000000, {"customerId": "C1", "updatedAt": "1970-01-01T00:00:01Z"}, None)))

    def test_the_entry_carries_the_parsed_last_activity_date(self):
        # Act
        tagged = validate_line('{"customerId":"C1","updatedAt":"2024-05-01","lastActivityAt":"2024-04-30T23:30:00-01:00"}')
        # Assert
        self.assertEqual(payload(tagged)[1][2], date(2024, 5, 1))

    def test_a_bad_line_or_record_becomes_a_reject(self):
        for line, reason in [("{oops", "invalid-json"), ('{"updatedAt":"2024-05-01"}', "missing-field")]:
            with self.subTest(line=line):
                # Act
                tagged = validate_line(line)
                # Assert
                self.assertTrue(is_reject(tagged))
                self.assertFalse(is_valid(tagged))
                self.assertEqual(reject_reason(payload(tagged)), reason)

    def test_blank_lines_have_no_content(self):
        for line, expected in [("", False), ("  \t", False), ("{}", True)]:
            with self.subTest(line=line):
                # Act / Assert
                self.assertEqual(has_content(line), expected)


class ToJsonLineTest(unittest.TestCase):
    def test_writes_compact_utf8_json_and_refuses_nan(self):
        # Act
        line = to_json_line({"name": "Zoë", "n": [1, 2.5]})
        # Assert
        self.assertEqual(line, '{"name":"Zoë","n":[1,2.5]}')
        with self.assertRaises(ValueError):
            to_json_line({"n": float("nan")})


class RunBatchTest(unittest.TestCase):
    def test_counts_balance_and_blank_lines_are_not_records(self):
        # Arrange
        lines = [
            '{"customerId":"C0000001","updatedAt":"2024-05-01T00:00:00Z"}',
            "",
            "not json",
            '{"customerId":"C0000001","updatedAt":"2024-04-01T00:00:00Z"}',
            '{"customerId":"C0000010","updatedAt":"2024-04-01T00:00:00Z","lastActivityAt":"2024-05-09T00:00:00Z"}',
        ]
        stats = BatchStats()
        # Act
        outputs = list(run_batch(lines, date(2024, 5, 1), {"C0000001": "loyal"}, stats))
        # Assert
        self.assertEqual([tag for tag, _ in outputs], ["x", "r", "r"])
        self.assertEqual(
            stats.to_dict(),
            {
                "received": 4,
                "records": 2,
                "rejected": 1,
                "filtered": {"duplicate": 1},
                "metrics": {"futureActivityClamped": 1, "unassignedSegment": 1},
            },
        )
        self.assertEqual(json.loads(to_json_line(outputs[2][1]))["recencyDays"], 0)


if __name__ == "__main__":
    unittest.main()
