"""The job's steps as functions over one line or one record, and the local batch driver.

The Spark script applies the per-line and per-record functions (``validate_line``,
``is_valid``, ``is_reject``, ``payload``, ``pick_latest``, ``latest_entry``,
``enrich_entry``, ``to_json_line``); :func:`run_batch` chains the same functions in one process
for the local executor.
"""

from . import reasons
from .dedupe import LatestByCustomer, dedupe_entry
from .features import enrich_entry
from .json_codec import to_json_line  # noqa: F401 - part of the per-line API the Spark script uses
from .segments import UNASSIGNED
from .validation import parse_line, validate_record

VALID = "r"
REJECT = "x"


def has_content(line):
    """False for a blank line: a file may end with one, and it is not a record."""
    return line.strip() != ""


def validate_line(line):
    """One input line to ``("r", (customerId, (updated_micros, record)))`` or ``("x", reject)``."""
    record, reject = parse_line(line)
    if reject is not None:
        return REJECT, reject
    valid, reject = validate_record(record)
    if reject is not None:
        return REJECT, reject
    return VALID, dedupe_entry(valid)


def is_valid(tagged):
    return tagged[0] == VALID


def is_reject(tagged):
    return tagged[0] == REJECT


def payload(tagged):
    return tagged[1]


def reject_reason(reject):
    """The reason a reject is counted under."""
    return reject["reason"]


class BatchStats(object):
    """Counts of one batch: received = records + rejected + duplicates."""

    def __init__(self):
        self.received = 0
        self.records = 0
        self.rejected = 0
        self.duplicates = 0
        self.future_activity = 0
        self.unassigned = 0

    def to_dict(self):
        return {
            "received": self.received,
            "records": self.records,
            "rejected": self.rejected,
            "filtered": {reasons.DUPLICATE: self.duplicates},
            "metrics": {
                "futureActivityClamped": self.future_activity,
                "unassignedSegment": self.unassigned,
            },
        }


def run_batch(lines, logical_date, segments, stats):
    """Runs the whole job over JSON Lines text in one process.

    Yields ``("x", reject)`` as rejects are found, then ``("r", record)`` for each kept record in
    customerId order, once every line has been read (the latest record is only known then).
    """
    latest = LatestByCustomer()
    for line in lines:
        if not has_content(line):
            continue
        stats.received += 1
        tag, value = validate_line(line)
        if tag == REJECT:
            stats.rejected += 1
            yield REJECT, value
        else:
            latest.add(*value)
    stats.duplicates = latest.duplicates

    def on_future_activity(count):
        stats.future_activity += count

    for entry in latest.entries():
        enriched = enrich_entry(entry, logical_date, segments, on_future_activity)
        if enriched["segment"] == UNASSIGNED:
            stats.unassigned += 1
        stats.records += 1
        yield VALID, enriched

