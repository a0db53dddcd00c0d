"""The job's StageResult, built the same way on Glue and locally.

It has the shape of ``StageResult`` in @ceap/core, so the run manifest (``manifest.py`` writes
it as the step's entry) reads the same whichever engine ran the stage: the stage is the folder
of ``outputKey`` (as the local executor names it), ``rejectsKey`` is the sibling of
``outputKey``, and the workflow is ``--workflow``.
tests/vectors/stage-result-vectors.json holds entries both sides check.
"""

import posixpath

from . import reasons


def rejects_key_for(output_key):
    """``.../HeavyETLStage/output.json`` -> ``.../HeavyETLStage/rejects.json``."""
    return posixpath.join(posixpath.dirname(output_key), "rejects.json")


def execution_prefix_of(output_key):
    """``{prefix}executions/{id}/HeavyETLStage/output.json`` -> ``{prefix}executions/{id}``."""
    return posixpath.dirname(posixpath.dirname(output_key))


def stage_name_of(output_key):
    """``{prefix}executions/{id}/HeavyETLStage/output.json`` -> ``HeavyETLStage``."""
    return posixpath.basename(posixpath.dirname(output_key))


def stage_result(arguments, counts, started_at, duration_ms, metrics=None, workflow=None):
    """A StageResult dict from the job arguments and the batch counts.

    ``counts`` holds received, records, rejected, duplicates and rejectedBy (and bytes and the
    ``sha256:`` checksum of the output, when known: Spark writes in parallel and measures
    neither, so a Glue run reports 0 and ""). ``workflow`` defaults to the ``workflow`` argument.
    ``runKey`` is the ``runKey`` argument's, and left out when the job was not given one.
    """
    output_key = arguments["outputKey"]
    stage = stage_name_of(output_key)
    workflow = arguments.get("workflow") if workflow is None else workflow
    if not isinstance(workflow, str) or workflow == "":
        raise ValueError("--workflow is required for the stage result, got %r" % (workflow,))
    received = counts["received"]
    accounted = counts["records"] + counts["rejected"] + counts["duplicates"]
    if received != accounted:
        raise ValueError(
            "%s lost track of records: %d in, but %d out + %d rejected + %d duplicates = %d"
            % (stage, received, counts["records"], counts["rejected"], counts["duplicates"], accounted)
        )
    run_key = {"runKey": arguments["runKey"]} if "runKey" in arguments else {}
    return {
        "bucket": arguments["bucket"],
        "key": output_key,
        "executionId": arguments["executionId"],
        "workflow": workflow,
        "stage": stage,
        "logicalDate": arguments["logicalDate"],
        **run_key,
        "executionPrefix": execution_prefix_of(output_key),
        "rejectsKey": rejects_key_for(output_key),
        "received": received,
        "records": counts["records"],
        "rejected": counts["rejected"],
        "filtered": counts["duplicates"],
        "filteredBy": {reasons.DUPLICATE: counts["duplicates"]} if counts["duplicates"] else {},
        "rejectedBy": dict(counts.get("rejectedBy", {})),
        "bytes": counts.get("bytes", 0),
        "checksum": counts.get("checksum", ""),
        "startedAt": started_at,
        "durationMs": duration_ms,
        "metrics": dict(metrics or {}),
    }

