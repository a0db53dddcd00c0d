"""The vectors the TypeScript suite checks too: argument names, and StageResult/manifest entries.

tests/vectors/glue-job-arguments.json is GLUE_JOB_ARGUMENT_NAMES in @ceap/core (checked by
tests/unit/argument-names.test.ts); tests/vectors/stage-result-vectors.json is what runStage
returns and writes for the local Glue executor (checked by tests/e2e/stage-result-vectors.test.ts).
"""

import importlib.util
import json
import os
import sys
import types
import hashlib
import unittest
from unittest import mock

from ceap_heavy_etl import (
    OPTIONAL,
    REQUIRED,
    BatchStats,
    load_segments,
    manifest_entry_body,
    manifest_entry_key,
    parse_logical_date,
    run_batch,
    stage_result,
    to_json_line,
)

from .support import PACKAGE_DIR, SEGMENTS_CSV, SPARK_SCRIPT

VECTORS_DIR = os.path.join(PACKAGE_DIR, "tests", "vectors")


def load_vector(name):
    with open(os.path.join(VECTORS_DIR, name), encoding="utf-8") as handle:
        return json.load(handle)


def spark_script_arguments():
    """ARGUMENTS of glue/heavy_etl_job.py, imported with stand-ins for the Glue and Spark modules."""
    stub = types.ModuleType("stub")
    names = [
        "boto3",
        "awsglue",
        "awsglue.context",
        "awsglue.job",
        "awsglue.utils",
        "pyspark",
        "pyspark.context",
    ]
    modules = {name: stub for name in names}
    for attribute in ["GlueContext", "Job", "getResolvedOptions", "StorageLevel", "SparkContext"]:
        setattr(stub, attribute, object())
    spec = importlib.util.spec_from_file_location("heavy_etl_job_under_test", SPARK_SCRIPT)
    script = importlib.util.module_from_spec(spec)
    with mock.patch.dict(sys.modules, modules):
        spec.loader.exec_module(script)
    return script.ARGUMENTS


class ArgumentNamesVectorTest(unittest.TestCase):
    def test_the_core_checks_the_arguments_a_glue_step_sends(self):
        # Arrange
        expected = load_vector("glue-job-arguments.json")["arguments"]
        # Act / Assert
        self.assertEqual(["--" + name for name in REQUIRED], expected)

    def test_the_job_takes_the_same_optional_arguments(self):
        # Arrange
        expected = load_vector("glue-job-arguments.json")["optional"]
        # Act / Assert
        self.assertEqual(["--" + name for name in OPTIONAL], expected)

    def test_the_spark_script_resolves_the_same_arguments(self):
        # Arrange
        expected = load_vector("glue-job-arguments.json")["arguments"]
        # Act
        arguments = spark_script_arguments()
        # Assert
        self.assertEqual(arguments[0], "JOB_NAME")
        self.assertEqual(["--" + name for name in arguments[1:]], expected)


def job_arguments(vector_case):
    """The arguments as getResolvedOptions returns them: without their "--"."""
    return {name[2:]: value for name, value in vector_case["arguments"].items()}


class StageResultVectorTest(unittest.TestCase):
    def setUp(self):
        self.cases = load_vector("stage-result-vectors.json")["cases"]

    def test_stage_result_gives_the_expected_entry(self):
        for case in self.cases:
            with self.subTest(case["name"]):
                # Arrange
                args = job_arguments(case)
                # Act
                result = stage_result(
                    args,
                    case["counts"],
                    case["startedAt"],
                    case["durationMs"],
                    case["metrics"],
                    workflow=args["workflow"],
                )
                # Assert
                self.assertEqual(result, case["expected"]["stageResult"])

    def test_the_manifest_entry_is_the_stage_result_at_the_step_key(self):
        for case in self.cases:
            with self.subTest(case["name"]):
                # Arrange
                result = case["expected"]["stageResult"]
                # Act
                key = manifest_entry_key(result)
                body = json.loads(manifest_entry_body(result).decode("utf-8"))
                # Assert
                self.assertEqual(key, case["expected"]["manifestEntryKey"])
                self.assertEqual(body, case["expected"]["manifest"]["stages"][result["stage"]])

    def test_the_counts_are_what_the_python_core_counts_on_the_input(self):
        segments = load_segments(SEGMENTS_CSV)
        for case in self.cases:
            with self.subTest(case["name"]):
                # Arrange
                stats = BatchStats()
                logical_date = parse_logical_date(case["arguments"]["--logicalDate"])
                # Act
                outputs = list(run_batch(case["inputLines"], logical_date, segments, stats))
                # Assert
                rejected_by = {}
                for tag, value in outputs:
                    if tag == "x":
                        rejected_by[value["reason"]] = rejected_by.get(value["reason"], 0) + 1
                body = "".join(to_json_line(v) + "\n" for tag, v in outputs if tag == "r").encode("utf-8")
                written = len(body)
                counts = case["counts"]
                self.assertEqual(
                    (stats.received, stats.records, stats.rejected, stats.duplicates),
                    (counts["received"], counts["records"], counts["rejected"], counts["duplicates"]),
                )
                self.assertEqual(rejected_by, counts["rejectedBy"])
                self.assertEqual(written, counts["bytes"])
                self.assertEqual("sha256:" + hashlib.sha256(body).hexdigest(), counts["checksum"])
                self.assertEqual(stats.future_activity, case["metrics"]["futureActivityClamped"])


if __name__ == "__main__":
    unittest.main()
