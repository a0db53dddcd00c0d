"""Dedupe across the whole batch: one record per customerId, the one with the latest updatedAt.

A dedupe entry is ``(updated_micros, record, last_activity)``, where ``last_activity`` is the
UTC date of the record's lastActivityAt (None without one), parsed once at validation so that
enrichment does not parse it again. :func:`pick_latest` is a total order on entries,
so it is associative and commutative: Spark can apply it with ``reduceByKey`` (map-side combine,
then one shuffle by customerId) and get the same winner as the local, single-process path,
whatever the partitioning or input order.

Ties (the same instant, however it is written) go to the record whose canonical JSON (sorted
keys, ASCII, whole floats written as integers) is greater as a string. The rule depends only on
the records' content, never on their position in the input, because Spark gives no order.
"""

import json


def dedupe_entry(valid):
    """The ``(customerId, (updated_micros, record, last_activity))`` pair Spark reduces by key."""
    activity = None if valid.last_activity is None else valid.last_activity.date()
    return valid.customer_id, (valid.updated_micros, valid.record, activity)


def pick_latest(a, b):
    """The entry to keep of two with the same customerId: later updatedAt, then the tie rule."""
    if a[0] != b[0]:
        return a if a[0] > b[0] else b
    return a if canonical_json(a[1]) >= canonical_json(b[1]) else b


def latest_record(keyed_entry):
    """The record of a reduced ``(customerId, entry)`` pair."""
    return keyed_entry[1][1]


def latest_entry(keyed_entry):
    """The entry of a reduced ``(customerId, entry)`` pair, for :func:`enrich_entry`."""
    return keyed_entry[1]


def canonical_json(record):
    """A serialization that is equal for equal content, used only to break ties."""
    return json.dumps(_normalize(record), sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def _normalize(value):
    # 3.0 and 3 are the same JSON number; JavaScript re-serializes 3.0 as 3.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _normalize(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalize(item) for item in value]
    return value


class LatestByCustomer(object):
    """The local equivalent of ``reduceByKey(pick_latest)``: memory grows with distinct customers."""

    def __init__(self):
        self._entries = {}
        self.duplicates = 0

    def add(self, key, entry):
        """Adds one ``(customerId, entry)`` pair, as dedupe_entry makes it."""
        current = self._entries.get(key)
        if current is None:
            self._entries[key] = entry
        else:
            self.duplicates += 1
            self._entries[key] = pick_latest(current, entry)

    def __len__(self):
        return len(self._entries)

    def entries(self):
        """The kept entries, in customerId order so the local output is deterministic."""
        for key in sorted(self._entries):
            yield self._entries[key]

    def records(self):
        """The kept records, in customerId order."""
        for entry in self.entries():
            yield entry[1]
