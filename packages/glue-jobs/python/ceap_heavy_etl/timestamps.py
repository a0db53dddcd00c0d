"""Strict ISO-8601 parsing that behaves the same on Python 3.9 (Glue 4.0 runs 3.10) and later.

``datetime.fromisoformat`` only accepts a trailing ``Z`` from Python 3.11, so the job parses
timestamps itself: ``YYYY-MM-DD``, optionally followed by ``T`` (or a space), ``HH:MM``,
optional ``:SS`` and fraction (up to 9 digits, truncated to microseconds), and an optional
``Z`` or ``+HH:MM`` offset. A timestamp with no offset is read as UTC.
"""

import re
from datetime import date, datetime, timedelta, timezone

_TIMESTAMP = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?"
    r"(Z|z|[+-]\d{2}:?\d{2})?)?$"
)
_CANONICAL = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z")
_LOGICAL_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)


def parse_timestamp(value):
    """Returns the UTC datetime of an ISO-8601 string; raises ValueError when it is not one."""
    if not isinstance(value, str):
        raise ValueError("expected an ISO-8601 string")
    canonical = _canonical_utc(value)
    if canonical is not None:
        return canonical
    match = _TIMESTAMP.match(value.strip())
    if not match:
        raise ValueError("expected an ISO-8601 timestamp such as 2024-05-01T12:00:00Z")
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    micros = int((fraction or "0")[:6].ljust(6, "0"))
    tz = timezone.utc
    if offset and offset not in ("Z", "z"):
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:])
        if hours > 23 or minutes > 59:
            raise ValueError("offset out of range")
        tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
    parsed = datetime(
        int(year),
        int(month),
        int(day),
        int(hour or 0),
        int(minute or 0),
        int(second or 0),
        micros,
        tzinfo=tz,
    )
    return parsed.astimezone(timezone.utc)


def _canonical_utc(value):
    """The form every ceap stage writes (JavaScript's toISOString), read by a simpler pattern.

    ``2024-05-01T12:00:00.000Z`` is nearly every timestamp the job sees, and reading it needs no
    offset arithmetic. Anything else returns None and takes the general path, which gives the
    same datetime or the same error for this form.
    """
    match = _CANONICAL.fullmatch(value) if len(value) == 24 else None
    if match is None:
        return None
    year, month, day, hour, minute, second, millis = map(int, match.groups())
    return datetime(year, month, day, hour, minute, second, millis * 1000, tzinfo=timezone.utc)


def epoch_micros(moment):
    """Microseconds since 1970-01-01T00:00:00Z of an aware datetime: an exact sort key."""
    return (moment - _EPOCH) // _MICROSECOND


def parse_logical_date(value):
    """Parses the run's logical date, ``YYYY-MM-DD``; raises ValueError otherwise."""
    match = _LOGICAL_DATE.match(value) if isinstance(value, str) else None
    if not match:
        raise ValueError("logical date %r must be a calendar date written YYYY-MM-DD" % (value,))
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError as error:
        raise ValueError("logical date %r is not a calendar date: %s" % (value, error))
