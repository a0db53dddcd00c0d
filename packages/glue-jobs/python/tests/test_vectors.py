"""The shared vectors (tests/vectors/heavy-etl-vectors.json) through the pure-Python core."""

import json
import unittest

from ceap_heavy_etl import BatchStats, load_segments, parse_logical_date, run_batch, to_json_line

from .support import SEGMENTS_CSV, VECTORS_JSON

with open(VECTORS_JSON, encoding="utf-8") as handle:
    VECTORS = json.load(handle)
SEGMENTS = load_segments(SEGMENTS_CSV)


def run(case, input_records):
    stats = BatchStats()
    lines = [to_json_line(record) for record in input_records]
    outputs = list(run_batch(lines, parse_logical_date(case["logicalDate"]), SEGMENTS, stats))
    return outputs, stats


class VectorsTest(unittest.TestCase):
    def test_every_case_gives_the_expected_records_rejects_and_duplicates(self):
        for case in VECTORS["cases"]:
            with self.subTest(case["name"]):
                # Act
                outputs, stats = run(case, case["input"])
                # Assert
                records = [value for tag, value in outputs if tag == "r"]
                rejects = [{"reason": v["reason"], "field": v.get("field")} for tag, v in outputs if tag == "x"]
                expected = case["expected"]
                self.assertEqual(records, expected["records"])
                self.assertEqual(rejects, expected["rejects"])
                self.assertEqual(stats.duplicates, expected["duplicates"])
                self.assertEqual(stats.received, stats.records + stats.rejected + stats.duplicates)

    def test_input_order_does_not_change_the_records(self):
        for case in VECTORS["cases"]:
            with self.subTest(case["name"]):
                # Act
                outputs, _ = run(case, list(reversed(case["input"])))
                # Assert
                self.assertEqual([v for tag, v in outputs if tag == "r"], case["expected"]["records"])


if __name__ == "__main__":
    unittest.main()
