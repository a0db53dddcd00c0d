"""HeavyETLStage: the ceap heavy-ETL AWS Glue job (glueetl, PySpark, Glue 4.0 or later).

This Spark layer runs only on AWS Glue; it is not executed in this repository (PySpark cannot be
installed here). It stays thin: every decision about a record is made by a function imported
from ``ceap_heavy_etl``, the pure-Python core that the local executor runs with python3 and that
``python3 -m unittest`` tests. Spark contributes only what needs a cluster: reading and writing
S3 in parallel, the dedupe shuffle (``reduceByKey`` by customerId) and a broadcast of the small
segments table, so the join needs no shuffle.

Arguments (sent by the compiled state machine; GLUE_JOB_ARGUMENT_NAMES in @ceap/core):
    --executionId   the Step Functions execution name
    --workflow      the workflow's name, recorded in the stage result and the manifest
    --bucket        the data bucket
    --inputKey      FilterStage output: one JSON Lines object or a folder of part files
    --outputKey     {executionPrefix}/{stage}/output.json: written as a folder of parts; its
                    folder is the stage's name in the manifest (HeavyETLStage in the batch workflow),
                    whose entry goes to {executionPrefix}/_manifest/{stage}.json
    --logicalDate   YYYY-MM-DD, the date recency is measured to
    --runKey        the upstream's run key, carried on in the job's result
The shipped ``segments.csv`` arrives in the working directory through ``--extra-files``, and the
``ceap_heavy_etl`` package through ``--extra-py-files``. A deployed asset keeps its content-hash
name, so infra also passes ``--extraFileNames``: the working-directory names of ``--extra-files``
in the same order, segments first.

The input is read as text, not with spark.read.json: schema inference would coerce a field to one
type across all rows, and the job must see each record's own types to reject bad ones exactly
as the local executor does.
"""

import json
import sys
import time
from datetime import datetime, timezone

import boto3
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark import StorageLevel
from pyspark.context import SparkContext

from ceap_heavy_etl import (
    REQUIRED,
    check_job_arguments,
    enrich_entry,
    has_content,
    is_reject,
    is_valid,
    latest_entry,
    load_segments,
    parse_logical_date,
    payload,
    pick_latest,
    record_in_manifest,
    reject_reason,
    rejects_key_for,
    stage_result,
    to_json_line,
    validate_line,
)

ARGUMENTS = ["JOB_NAME"] + list(REQUIRED)
SEGMENTS_FILE = "segments.csv"
EXTRA_FILE_NAMES = "--extraFileNames"


def segments_file_name(argv):
    """The segments file's name in the working directory: first of --extraFileNames, if given."""
    if EXTRA_FILE_NAMES not in argv:
        return SEGMENTS_FILE
    names = getResolvedOptions(argv, [EXTRA_FILE_NAMES[2:]])[EXTRA_FILE_NAMES[2:]]
    return names.split(",")[0] or SEGMENTS_FILE


def resolved_arguments(argv):
    """The arguments a compiled Glue step sends (getResolvedOptions fails on a missing one)."""
    return getResolvedOptions(argv, ARGUMENTS)


def main():
    args = check_job_arguments(resolved_arguments(sys.argv))
    logical_date = parse_logical_date(args["logicalDate"])
    started = time.time()

    sc = SparkContext.getOrCreate()
    glue_context = GlueContext(sc)
    spark = glue_context.spark_session
    job = Job(glue_context)
    job.init(args["JOB_NAME"], args)
    log = glue_context.get_logger()

    bucket = args["bucket"]
    output_key = args["outputKey"]
    rejects_key = rejects_key_for(output_key)
    s3 = boto3.client("s3")
    # The output is a folder of parts; a single object left at the same key by a local run
    # would shadow it for readers, which prefer the object.
    for stale in (output_key, rejects_key):
        s3.delete_object(Bucket=bucket, Key=stale)

    segments = sc.broadcast(load_segments(segments_file_name(sys.argv)))
    future_activity = sc.accumulator(0)

    lines = spark.read.text(uri(bucket, args["inputKey"])).rdd.map(lambda row: row.value)
    tagged = lines.filter(has_content).map(validate_line).persist(StorageLevel.MEMORY_AND_DISK)

    rejects = tagged.filter(is_reject).map(payload)
    rejected_by = dict(rejects.map(reject_reason).countByValue())
    valid_count = tagged.filter(is_valid).count()

    # The one shuffle: keep the latest record per customer (combined map-side first).
    latest = (
        tagged.filter(is_valid)
        .map(payload)
        .reduceByKey(pick_latest)
        .map(latest_entry)
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    record_count = latest.count()

    enriched = latest.map(
        lambda entry: enrich_entry(entry, logical_date, segments.value, future_activity.add)
    ).map(to_json_line)
    write_lines(spark, enriched, uri(bucket, output_key))
    write_lines(spark, rejects.map(to_json_line), uri(bucket, rejects_key))

    rejected = sum(rejected_by.values())
    counts = {
        "received": valid_count + rejected,
        "records": record_count,
        "rejected": rejected,
        "duplicates": valid_count - record_count,
        "rejectedBy": rejected_by,
    }
    finished = time.time()
    result = stage_result(
        args,
        counts,
        iso(started),
        int((finished - started) * 1000),
        {"futureActivityClamped": future_activity.value, "segmentsLoaded": len(segments.value)},
        workflow=args["workflow"],
    )
    # One object per step, no read first: a parallel Glue step cannot overwrite this entry.
    record_in_manifest(s3, result)
    log.info("%s finished: %s" % (result["stage"], json.dumps(counts)))
    job.commit()


def write_lines(spark, lines, target):
    """Writes text lines as JSON Lines part files under ``target/``, replacing earlier parts."""
    spark.createDataFrame(lines.map(lambda line: (line,)), "value string").write.mode("overwrite").text(target)


def uri(bucket, key):
    return "s3://%s/%s" % (bucket, key)


def iso(seconds):
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


if __name__ == "__main__":
    main()
