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
# ASCII digits only: a Unicode digit (which ``\d`` also matches) takes the general path, as before.
_CANONICAL = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z", re.ASCII)
_LOGICAL_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)
_FROM_ISO = datetime.fromisoformat


def parse_timestamp(value):
    """Returns the UTC datetime of an ISO-8601 string; raises ValueError when it is not one."""
    if not isinstance(value, str):
        raise ValueError("expected an ISO-8601 string")
    canonical = canonical_utc(value)
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


def canonical_utc(value):
    """The form every ceap stage writes (JavaScript's toISOString), read by a simpler pattern.

    ``2024-05-01T12:00:00.000Z`` is nearly every timestamp the job sees. Once the pattern has
    checked the shape, ``fromisoformat`` (C, and reading this form on every Python from 3.7)
    builds the datetime several times faster than ``int`` on each group. Hour 24 is left to the
    general path, because newer Pythons read ``T24:00`` as the next midnight. Anything else, an
    out-of-range field included, returns None and takes the general path, which gives the same
    datetime or the same error (its message names the field) for this form.
    """
    if len(value) != 24 or _CANONICAL.fullmatch(value) is None or value[11:13] >= "24":
        return None
    try:
        # An explicit +00:00 gives the UTC singleton; ``replace(tzinfo=)`` would cost as much as
        # the parse.
        return _FROM_ISO(value[:23] + "+00:00")
    except ValueError:
        return None


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
