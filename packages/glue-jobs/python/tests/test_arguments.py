import unittest

from ceap_heavy_etl import check_job_arguments

GOOD = {
    "executionId": "batch-2024-05-01",
    "workflow": "batch",
    "bucket": "ceap-data",
    "inputKey": "executions/batch-2024-05-01/FilterStage/output.json",
    "outputKey": "executions/batch-2024-05-01/HeavyETLStage/output.json",
    "logicalDate": "2024-05-01",
}


class CheckJobArgumentsTest(unittest.TestCase):
    def test_accepts_what_the_state_machine_sends_with_or_without_a_key_prefix(self):
        for output_key in [GOOD["outputKey"], "team-a/executions/batch-2024-05-01/HeavyETLStage/output.json"]:
            with self.subTest(output_key=output_key):
                # Arrange
                args = dict(GOOD, outputKey=output_key)
                # Act / Assert
                self.assertEqual(check_job_arguments(args), args)

    def test_accepts_the_optional_run_key(self):
        # Arrange
        args = dict(GOOD, runKey="bab0d406f09e313fd701676342af29be")
        # Act / Assert
        self.assertEqual(check_job_arguments(args), args)

    def test_refuses_bad_arguments_naming_the_argument(self):
        cases = [
            ("executionId", "../x"),
            ("executionId", "a/b"),
            ("executionId", ""),
            ("executionId", "x" * 81),
            ("workflow", None),
            ("workflow", ""),
            ("bucket", None),
            ("outputKey", "executions/other/HeavyETLStage/output.json"),
            ("outputKey", "xexecutions/batch-2024-05-01/HeavyETLStage/output.json"),
            ("outputKey", "executions/batch-2024-05-01/../other/output.json"),
            ("outputKey", "executions/batch-2024-05-01/"),
            ("outputKey", "executions/batch-2024-05-01/output.json"),
            ("outputKey", "executions/batch-2024-05-01/HeavyETLStage/rejects.json"),
            ("outputKey", "executions/batch-2024-05-01/HeavyETLStage/part/output.json"),
            ("outputKey", "executions/batch-2024-05-01/1Stage/output.json"),
            ("outputKey", "../executions/batch-2024-05-01/HeavyETLStage/output.json"),
            ("inputKey", "executions/batch-2024-05-01/HeavyETLStage/output.json"),
            ("logicalDate", "2024-02-30"),
            ("runKey", ""),
            ("runKey", "BAB0D406F09E313FD701676342AF29BE"),
            ("runKey", "bab0d406f09e313fd701676342af29b"),
            ("runKey", 7),
        ]
        for name, value in cases:
            with self.subTest(name=name, value=value):
                # Arrange
                args = dict(GOOD, **{name: value})
                # Act / Assert
                with self.assertRaisesRegex(ValueError, "--%s" % name):
                    check_job_arguments(args)


if __name__ == "__main__":
    unittest.main()
