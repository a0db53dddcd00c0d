"""Engagement features per customer: recency, frequency, monetary value (RFM) and sessions.

- ``recencyDays``: whole calendar days (UTC) from lastActivityAt to the logical date; activity on
  the logical date itself is 0. Null when lastActivityAt is null. Activity after the logical date
  (a late clock, or a backfill of an earlier date) is clamped to 0 and counted, not rejected:
  the customer is as recent as can be, and dropping them would lose a good record.
- ``frequency`` = orderCount, ``monetary`` = totalSpend, ``sessions30d`` = sessions30d, each 0
  when null or missing. Whole counts written as 3.0 become 3.
"""

from .segments import segment_for
from .timestamps import parse_timestamp


_UNPARSED = object()


def recency_days(last_activity_at, logical_date):
    """``(days, clamped)``: whole days from a timestamp string to the logical date, or ``(None, False)``."""
    if last_activity_at is None:
        return None, False
    return _days_since(parse_timestamp(last_activity_at).date(), logical_date)


def _days_since(activity_date, logical_date):
    if activity_date is None:
        return None, False
    days = (logical_date - activity_date).days
    if days < 0:
        return 0, True
    return days, False


def enrich_entry(entry, logical_date, segments, on_future_activity=None):
    """:func:`enrich_record` of a dedupe entry's record, with its lastActivityAt already parsed."""
    return enrich_record(entry[1], logical_date, segments, on_future_activity, entry[2])


def enrich_record(record, logical_date, segments, on_future_activity=None, last_activity=_UNPARSED):
    """The record with recencyDays, frequency, monetary, sessions30d and segment added.

    The record must have passed :func:`validate_record`. ``on_future_activity`` is called when
    recency was clamped (Spark passes an accumulator's ``add``). ``last_activity`` is the UTC
    date of lastActivityAt when the caller parsed it already (None when there is none).
    """
    if last_activity is _UNPARSED:
        days, clamped = recency_days(record.get("lastActivityAt"), logical_date)
    else:
        days, clamped = _days_since(last_activity, logical_date)
    if clamped and on_future_activity is not None:
        on_future_activity(1)
    enriched = dict(record)
    enriched["recencyDays"] = days
    enriched["frequency"] = _whole(record.get("orderCount"))
    enriched["monetary"] = _amount(record.get("totalSpend"))
    enriched["sessions30d"] = _whole(record.get("sessions30d"))
    enriched["segment"] = segment_for(record["customerId"], segments)
    return enriched


def _whole(value):
    return 0 if value is None else int(value)


def _amount(value):
    if value is None:
        return 0
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
