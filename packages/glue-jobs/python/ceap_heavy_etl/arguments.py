"""Checks the job arguments before anything touches S3 (the same rules as the local executor)."""

import re

from .timestamps import parse_logical_date

EXECUTION_ID = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
STAGE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
OUTPUT_OBJECT = "output.json"
# The arguments a compiled Glue step sends, without their "--": GLUE_JOB_ARGUMENT_NAMES in
# @ceap/core, in its order. tests/vectors/glue-job-arguments.json holds the list both sides check.
REQUIRED = ("executionId", "workflow", "bucket", "inputKey", "outputKey", "logicalDate")
# Taken when given: the upstream's run key (StageResult.runKey), which the job records in its
# manifest entry. RUN_KEY_ARGUMENT in the TypeScript package; the same vector file holds it.
OPTIONAL = ("runKey",)
RUN_KEY = re.compile(r"^[0-9a-f]{32}$")


def check_job_arguments(args):
    """Returns the arguments, or raises ValueError naming the argument that is wrong.

    - ``--executionId``: 1-80 characters of A-Z a-z 0-9 _ - (the Step Functions rule), so no
      key built from it can leave the execution's prefix;
    - ``--workflow``: present; it is recorded in the stage result and the manifest;
    - ``--outputKey``: ``{keyPrefix}executions/{executionId}/{stage}/output.json``, where the
      stage (the folder) is 1-64 characters of A-Z a-z 0-9 _ - starting with a letter;
    - ``--inputKey``: present, and not at or under the output;
    - ``--logicalDate``: a calendar date ``YYYY-MM-DD``;
    - ``--runKey``, when given: 32 lowercase hex digits.
    """
    for name in REQUIRED:
        value = args.get(name)
        if not isinstance(value, str) or value == "":
            raise ValueError("--%s is required" % name)
    execution_id = args["executionId"]
    if not EXECUTION_ID.match(execution_id):
        raise ValueError("--executionId %r must be 1-80 characters of A-Z a-z 0-9 _ -" % execution_id)
    output_key = args["outputKey"]
    marker = "executions/%s/" % execution_id
    at = output_key.find(marker)
    inside = at == 0 or (at > 0 and output_key[at - 1] == "/")
    below = output_key[at + len(marker):].split("/") if inside else []
    in_stage_folder = len(below) == 2 and STAGE.match(below[0]) and below[1] == OUTPUT_OBJECT
    if not in_stage_folder or ".." in output_key.split("/"):
        raise ValueError(
            "--outputKey %r must be %s{stage}/%s, inside the execution's prefix" % (output_key, marker, OUTPUT_OBJECT)
        )
    input_key = args["inputKey"]
    if input_key == output_key or input_key.startswith(output_key + "/"):
        raise ValueError("--inputKey %r must not be the output %r" % (input_key, output_key))
    try:
        parse_logical_date(args["logicalDate"])
    except ValueError as error:
        raise ValueError("--logicalDate: %s" % error)
    run_key = args.get("runKey")
    if run_key is not None and not (isinstance(run_key, str) and RUN_KEY.match(run_key)):
        raise ValueError("--runKey %r must be 32 lowercase hex digits (a StageResult's runKey)" % (run_key,))
    return dict(args)

