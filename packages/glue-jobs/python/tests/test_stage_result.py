import unittest

from ceap_heavy_etl import execution_prefix_of, rejects_key_for, stage_name_of, stage_result

STAGE_NAME = "HeavyETLStage"

ARGS = {
    "executionId": "run-1",
    "workflow": "batch",
    "bucket": "ceap-data",
    "outputKey": "team/executions/run-1/HeavyETLStage/output.json",
    "logicalDate": "2024-05-01",
}


class StageResultTest(unittest.TestCase):
    def test_keys_derive_from_the_output_key(self):
        # Act / Assert
        self.assertEqual(rejects_key_for(ARGS["outputKey"]), "team/executions/run-1/HeavyETLStage/rejects.json")
        self.assertEqual(execution_prefix_of(ARGS["outputKey"]), "team/executions/run-1")
        self.assertEqual(stage_name_of(ARGS["outputKey"]), STAGE_NAME)

    def test_the_stage_is_the_output_folder_and_the_workflow_the_argument(self):
        # Arrange
        args = dict(ARGS, outputKey="executions/run-1/SegmentStage/output.json", workflow="nightly")
        counts = {"received": 0, "records": 0, "rejected": 0, "duplicates": 0}
        # Act
        result = stage_result(args, counts, "t", 0)
        renamed = stage_result(args, counts, "t", 0, workflow="backfill")
        # Assert
        self.assertEqual((result["stage"], result["workflow"]), ("SegmentStage", "nightly"))
        self.assertEqual(result["rejectsKey"], "executions/run-1/SegmentStage/rejects.json")
        self.assertEqual(renamed["workflow"], "backfill")

    def test_refuses_a_result_without_a_workflow(self):
        # Arrange
        args = {name: value for name, value in ARGS.items() if name != "workflow"}
        counts = {"received": 0, "records": 0, "rejected": 0, "duplicates": 0}
        # Act / Assert
        with self.assertRaisesRegex(ValueError, "--workflow"):
            stage_result(args, counts, "t", 0)

    def test_builds_the_stage_result_with_duplicates_as_filtered(self):
        # Arrange
        counts = {"received": 10, "records": 6, "rejected": 3, "duplicates": 1, "rejectedBy": {"invalid-date": 3}}
        # Act
        result = stage_result(ARGS, counts, "2024-05-02T02:00:00.000Z", 1500, {"segmentsLoaded": 9000})
        # Assert
        self.assertEqual(result["stage"], STAGE_NAME)
        self.assertEqual(result["executionPrefix"], "team/executions/run-1")
        self.assertEqual((result["received"], result["records"], result["rejected"], result["filtered"]), (10, 6, 3, 1))
        self.assertEqual(result["filteredBy"], {"duplicate": 1})
        self.assertEqual(result["rejectedBy"], {"invalid-date": 3})
        self.assertEqual(result["metrics"], {"segmentsLoaded": 9000})

    def test_refuses_counts_that_do_not_balance(self):
        # Arrange
        counts = {"received": 10, "records": 6, "rejected": 3, "duplicates": 0}
        # Act / Assert
        with self.assertRaisesRegex(ValueError, "10 in, but 6 out"):
            stage_result(ARGS, counts, "2024-05-02T02:00:00.000Z", 1)


if __name__ == "__main__":
    unittest.main()
