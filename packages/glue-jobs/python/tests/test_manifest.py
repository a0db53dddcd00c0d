"""The job's manifest entry: one object per step on the embedded S3 server, read by core."""

import json
import threading
import unittest

from ceap_heavy_etl import manifest_entry_body, manifest_entry_key, record_in_manifest, stage_result

from .scratch_s3 import ScratchS3

EXECUTION_ID = "parallel-glue"
KEY_PREFIX = "team-a/"


def result_of(stage, records, started_at="2024-05-02T02:00:00.000Z", bucket="ceap-test"):
    """A Glue step's StageResult for the execution, as the job builds it."""
    args = {
        "executionId": EXECUTION_ID,
        "workflow": "batch",
        "bucket": bucket,
        "outputKey": "%sexecutions/%s/%s/output.json" % (KEY_PREFIX, EXECUTION_ID, stage),
        "logicalDate": "2024-05-01",
    }
    counts = {"received": records, "records": records, "rejected": 0, "duplicates": 0}
    return stage_result(args, counts, started_at, 1000, {"segmentsLoaded": 9000})


class PutsTogether:
    """An S3 client whose ``put_object`` lets no caller through until ``parties`` are inside it.

    Every writer has then done whatever it does before its PUT (a read, in a read-modify-write)
    while the others have not written yet: the overlap two Glue steps can have on AWS, made
    certain instead of left to timing.
    """

    def __init__(self, s3, parties):
        self._s3 = s3
        # The timeout only keeps a broken writer (one that never calls put_object) from hanging.
        self._barrier = threading.Barrier(parties, timeout=60)

    def put_object(self, **request):
        self._barrier.wait()
        return self._s3.put_object(**request)


class ManifestEntryTest(unittest.TestCase):
    def test_the_entry_is_the_stage_result_under_the_manifest_folder(self):
        # Arrange
        result = result_of("HeavyETLStage", 3)
        # Act
        key = manifest_entry_key(result)
        body = json.loads(manifest_entry_body(result).decode("utf-8"))
        # Assert
        self.assertEqual(key, "team-a/executions/parallel-glue/_manifest/HeavyETLStage.json")
        self.assertEqual(body, result)

    def test_refuses_a_stage_name_that_is_not_a_folder_name(self):
        for stage in ["../HeavyETLStage", "", "a/b", "_manifest"]:
            with self.subTest(stage=stage):
                # Arrange
                result = dict(result_of("HeavyETLStage", 0), stage=stage)
                # Act / Assert
                with self.assertRaisesRegex(ValueError, "stage"):
                    manifest_entry_key(result)


class ManifestOnS3Test(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s3 = ScratchS3()

    @classmethod
    def tearDownClass(cls):
        cls.s3.stop()

    def test_two_glue_steps_finishing_at_once_both_keep_their_entries(self):
        # Arrange
        results = [result_of("HeavyETLStage", 4, bucket=self.s3.bucket), result_of("SegmentStage", 7, bucket=self.s3.bucket)]
        together = PutsTogether(self.s3, parties=len(results))
        errors = []

        def write(result):
            try:
                record_in_manifest(together, result)
            except Exception as error:  # reported by the assertion below, with its thread's error
                errors.append(error)

        threads = [threading.Thread(target=write, args=(result,)) for result in results]
        # Act
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        manifest = self.s3.read_manifest(EXECUTION_ID, KEY_PREFIX)
        # Assert
        self.assertEqual(errors, [])
        self.assertEqual(
            self.s3.keys("team-a/executions/parallel-glue/_manifest/"),
            [
                "team-a/executions/parallel-glue/_manifest/HeavyETLStage.json",
                "team-a/executions/parallel-glue/_manifest/SegmentStage.json",
            ],
        )
        self.assertEqual(manifest["stages"], {result["stage"]: result for result in results})
        self.assertEqual(sorted(manifest["order"]), ["HeavyETLStage", "SegmentStage"])
        self.assertEqual((manifest["executionId"], manifest["workflow"]), (EXECUTION_ID, "batch"))

    def test_a_rerun_of_the_step_replaces_its_entry(self):
        # Arrange
        first = dict(result_of("RerunStage", 2, bucket=self.s3.bucket), executionId="rerun-glue")
        first["executionPrefix"] = "%sexecutions/rerun-glue" % KEY_PREFIX
        rerun = dict(first, records=5, received=5, startedAt="2024-05-02T03:00:00.000Z")
        # Act
        keys = [record_in_manifest(self.s3, first), record_in_manifest(self.s3, rerun)]
        manifest = self.s3.read_manifest("rerun-glue", KEY_PREFIX)
        # Assert
        self.assertEqual(keys, ["team-a/executions/rerun-glue/_manifest/RerunStage.json"] * 2)
        self.assertEqual(json.loads(self.s3.get_text(keys[0])), rerun)
        self.assertEqual(manifest["stages"], {"RerunStage": rerun})


if __name__ == "__main__":
    unittest.main()
