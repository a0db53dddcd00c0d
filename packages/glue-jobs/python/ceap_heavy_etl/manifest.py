"""The job's entry in the run manifest: one object per step, as @ceap/core writes it.

Core's ``recordStageInManifest`` puts each step's StageResult at
``{executionPrefix}/_manifest/{stage}.json`` and ``readManifest`` assembles the manifest from
those objects. The job writes its entry the same way, with a single PUT and no read first, so
two Glue steps that finish at once in parallel branches cannot overwrite each other's entry
(a read-modify-write of one shared object could), and a rerun of the step replaces its own.
tests/vectors/stage-result-vectors.json holds the key both sides write.
"""

import json

from .arguments import STAGE

MANIFEST_FOLDER = "_manifest"


def manifest_entry_key(result):
    """``{executionPrefix}/_manifest/{stage}.json``: the object that holds this step's entry."""
    stage = result["stage"]
    if not isinstance(stage, str) or not STAGE.match(stage):
        raise ValueError("stage %r must be 1-64 characters of A-Z a-z 0-9 _ - starting with a letter" % (stage,))
    return "%s/%s/%s.json" % (result["executionPrefix"], MANIFEST_FOLDER, stage)


def manifest_entry_body(result):
    """The entry's bytes: the StageResult itself, as JSON in UTF-8."""
    return json.dumps(result, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def record_in_manifest(s3, result):
    """Puts this step's entry with one ``s3.put_object`` (a boto3 S3 client's signature).

    Returns the key written. Nothing is read, so there is nothing for a parallel step to race.
    """
    key = manifest_entry_key(result)
    s3.put_object(
        Bucket=result["bucket"],
        Key=key,
        Body=manifest_entry_body(result),
        ContentType="application/json",
    )
    return key
