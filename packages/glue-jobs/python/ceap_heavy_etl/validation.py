"""Record validation: a record the job cannot use becomes a reject with its reason and field.

The input is the FilterStage output (the normalized candidate record). Only the fields this job
reads are checked; every other field passes through untouched. The first problem found wins,
in this order: customerId, updatedAt, lastActivityAt, orderCount, totalSpend, sessions30d.
"""

import json

from . import reasons
from .json_codec import decode_line, refuse_constant
from .timestamps import canonical_utc, epoch_micros, parse_timestamp

# (field, must be a whole number)
_COUNTS = (("orderCount", True), ("totalSpend", False), ("sessions30d", True))


class Valid(object):
    """A record that passed validation, with what later steps need already parsed."""

    __slots__ = ("record", "customer_id", "updated_micros", "last_activity")

    def __init__(self, record, customer_id, updated_micros, last_activity):
        self.record = record
        self.customer_id = customer_id
        self.updated_micros = updated_micros
        self.last_activity = last_activity


def make_reject(reason, field, message, record=None, raw=None):
    """A reject as rejects.json stores it (the shape of RecordReject in @ceap/core)."""
    reject = {"reason": reason, "message": message}
    if field is not None:
        reject["field"] = field
    if record is not None:
        reject["record"] = record
    if raw is not None:
        reject["raw"] = raw
        reject["rawEncoding"] = "utf8"
    return reject


def validate_record(record):
    """Returns ``(Valid, None)`` for a usable record, or ``(None, reject)`` naming the field."""
    if not isinstance(record, dict):
        return None, make_reject(
            reasons.NOT_AN_OBJECT, None, "expected a JSON object, got %s" % _type_name(record), record
        )
    customer_id = record.get("customerId")
    if customer_id is None or (isinstance(customer_id, str) and customer_id.strip() == ""):
        return None, make_reject(
            reasons.MISSING_FIELD, "customerId", "customerId is required", record
        )
    if not isinstance(customer_id, str):
        return None, make_reject(
            reasons.INVALID_TYPE,
            "customerId",
            "customerId must be a string, got %s" % _type_name(customer_id),
            record,
        )

    updated_at = record.get("updatedAt")
    if updated_at is None:
        return None, make_reject(
            reasons.MISSING_FIELD, "updatedAt", "updatedAt is required to keep the latest record", record
        )
    updated, problem = _timestamp(record, "updatedAt", updated_at)
    if problem:
        return None, problem

    last_activity = None
    if record.get("lastActivityAt") is not None:
        last_activity, problem = _timestamp(record, "lastActivityAt", record["lastActivityAt"])
        if problem:
            return None, problem

    for field, whole in _COUNTS:
        value = record.get(field)
        # A count that is null, a non-negative int (never a bool: its type is bool) or, where
        # fractions are allowed, a non-negative float (never NaN: NaN >= 0 is False) is fine,
        # and that is nearly every record: only the rest pays for the full checks.
        kind = type(value)
        if value is None or ((kind is int or (kind is float and not whole)) and value >= 0):
            continue
        problem = _count_problem(record, field, whole, value)
        if problem:
            return None, problem

    return Valid(record, customer_id, epoch_micros(updated), last_activity), None


def _count_problem(record, field, whole, value):
    """The reject of a count field's value, or None when the value is a usable count."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return make_reject(
            reasons.INVALID_TYPE,
            field,
            "%s must be a number, got %s" % (field, _type_name(value)),
            record,
        )
    if whole and isinstance(value, float) and not value.is_integer():
        return make_reject(
            reasons.INVALID_TYPE, field, "%s must be a whole number, got %r" % (field, value), record
        )
    if value < 0:
        return make_reject(reasons.NEGATIVE_VALUE, field, "%s must be >= 0, got %r" % (field, value), record)
    return None


def parse_line(line):
    """Parses one JSON Lines line (the Spark path reads text); ``(record, None)`` or ``(None, reject)``.

    NaN and Infinity are refused, as JSON and JavaScript refuse them.
    """
    try:
        if isinstance(line, str) and not line.startswith("\ufeff"):
            value = decode_line(line)
        else:
            # json.loads decodes bytes and names a BOM in its message.
            value = json.loads(line, parse_constant=refuse_constant)
    except ValueError as error:
        return None, make_reject(reasons.INVALID_JSON, None, str(error), raw=line)
    except RecursionError:
        # JavaScript's JSON.parse reads nesting far deeper than Python's parser; such a line
        # must be a reject, not the end of the job.
        return None, make_reject(reasons.INVALID_JSON, None, "nested too deeply for Python's JSON parser", raw=line)
    if not isinstance(value, dict):
        return None, make_reject(
            reasons.NOT_AN_OBJECT, None, "expected a JSON object, got %s" % _type_name(value), raw=line
        )
    return value, None


def _timestamp(record, field, value):
    if type(value) is str:
        # Nearly every timestamp is in the canonical form: read it without the general path's
        # checks and try block.
        parsed = canonical_utc(value)
        if parsed is not None:
            return parsed, None
    if not isinstance(value, str):
        return None, make_reject(
            reasons.INVALID_TYPE,
            field,
            "%s must be an ISO-8601 string, got %s" % (field, _type_name(value)),
            record,
        )
    try:
        return parse_timestamp(value), None
    except ValueError as error:
        return None, make_reject(
            reasons.INVALID_DATE, field, "%s %r is not a valid timestamp: %s" % (field, value, error), record
        )


def _type_name(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__
