"""ceap heavy ETL: the pure-Python core of the HeavyETLStage Glue job (standard library only).

Spark (on Glue) and the local executor (python3, through local_runner.py) apply these same
functions, so the job's logic is tested here without Spark.
"""

from .arguments import REQUIRED, check_job_arguments
from .dedupe import (
    LatestByCustomer,
    canonical_json,
    dedupe_entry,
    latest_entry,
    latest_record,
    pick_latest,
)
from .features import enrich_entry, enrich_record, recency_days
from .pipeline import (
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
from .manifest import manifest_entry_body, manifest_entry_key, record_in_manifest
from .stage_result import execution_prefix_of, rejects_key_for, stage_name_of, stage_result
from .segments import UNASSIGNED, load_segments, parse_segments, segment_for
from .timestamps import epoch_micros, parse_logical_date, parse_timestamp
from .validation import make_reject, parse_line, validate_record

__all__ = [
    "REQUIRED",
    "execution_prefix_of",
    "has_content",
    "reject_reason",
    "rejects_key_for",
    "stage_name_of",
    "stage_result",
    "BatchStats",
    "LatestByCustomer",
    "UNASSIGNED",
    "canonical_json",
    "check_job_arguments",
    "dedupe_entry",
    "enrich_entry",
    "enrich_record",
    "epoch_micros",
    "is_reject",
    "is_valid",
    "latest_entry",
    "latest_record",
    "load_segments",
    "manifest_entry_body",
    "manifest_entry_key",
    "make_reject",
    "parse_line",
    "parse_logical_date",
    "parse_segments",
    "parse_timestamp",
    "payload",
    "pick_latest",
    "record_in_manifest",
    "recency_days",
    "run_batch",
    "segment_for",
    "to_json_line",
    "validate_line",
    "validate_record",
]
