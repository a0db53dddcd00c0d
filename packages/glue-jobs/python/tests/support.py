"""Paths and small helpers shared by the tests."""

import os

PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE_DIR = os.path.dirname(PYTHON_DIR)
SEGMENTS_CSV = os.path.join(PACKAGE_DIR, "reference", "segments.csv")
VECTORS_JSON = os.path.join(PACKAGE_DIR, "tests", "vectors", "heavy-etl-vectors.json")
SPARK_SCRIPT = os.path.join(PACKAGE_DIR, "glue", "heavy_etl_job.py")
LOCAL_RUNNER = os.path.join(PYTHON_DIR, "local_runner.py")
TESTS_DIR = os.path.dirname(os.path.abspath(__file__))


def record(customer_id="C0000001", updated_at="2024-05-01T00:00:00Z", **fields):
    """A valid candidate record, with fields overridden."""
    value = {"customerId": customer_id, "updatedAt": updated_at}
    value.update(fields)
    return value
