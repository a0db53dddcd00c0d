"""local_runner.py as the local executor runs it: a python3 child speaking tagged JSON Lines."""

import json
import subprocess
import sys
import unittest

from .support import LOCAL_RUNNER, SEGMENTS_CSV


def run_runner(stdin_text, logical_date="2024-05-01", segments=SEGMENTS_CSV):
    return subprocess.run(
        [sys.executable, LOCAL_RUNNER, "--logical-date", logical_date, "--segments", segments],
        input=stdin_text.encode("utf-8"),
        capture_output=True,
        timeout=60,
    )


class LocalRunnerTest(unittest.TestCase):
    def test_streams_rejects_then_records_then_a_summary(self):
        # Arrange
        lines = [
            {"customerId": "C0000002", "updatedAt": "2024-05-01T00:00:00Z", "name": "Zoë"},
            {"updatedAt": "2024-05-01T00:00:00Z"},
            {"customerId": "C0000001", "updatedAt": "2024-04-01T00:00:00Z"},
            {"customerId": "C0000001", "updatedAt": "2024-04-02T00:00:00Z"},
        ]
        stdin_text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines) + "\n"
        # Act
        done = run_runner(stdin_text)
        # Assert
        self.assertEqual(done.returncode, 0, done.stderr)
        tagged = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
        self.assertEqual([t["t"] for t in tagged], ["x", "r", "r", "s"])
        self.assertEqual(tagged[1]["v"]["updatedAt"], "2024-04-02T00:00:00Z")
        self.assertEqual(tagged[2]["v"]["name"], "Zoë")
        summary = tagged[3]["v"]
        self.assertEqual(
            (summary["received"], summary["records"], summary["rejected"], summary["filtered"]),
            (4, 2, 1, {"duplicate": 1}),
        )
        self.assertEqual(summary["metrics"]["segmentsLoaded"], 9000)

    def test_a_failure_exits_non_zero_with_the_traceback_on_stderr(self):
        # Act
        done = run_runner("", segments="/nonexistent/segments.csv")
        # Assert
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("Traceback (most recent call last)", done.stderr.decode("utf-8"))
        self.assertIn("FileNotFoundError", done.stderr.decode("utf-8"))
        self.assertEqual(done.stdout, b"")

    def test_a_bad_logical_date_is_refused(self):
        # Act
        done = run_runner("", logical_date="2024-02-30")
        # Assert
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("logical date", done.stderr.decode("utf-8"))


if __name__ == "__main__":
    unittest.main()
