"""The reference segments dataset: a small CSV, ``customerId,segment``, joined to every record.

It is small enough to broadcast: Spark ships the dict to every executor once, so the join needs
no shuffle. A customer with no row gets the segment ``unassigned``.
"""

import csv
import io

UNASSIGNED = "unassigned"
_COLUMNS = ("customerId", "segment")


def load_segments(path):
    """Reads a segments CSV file into ``{customerId: segment}``; raises ValueError naming the row."""
    with io.open(path, "r", encoding="utf-8-sig", newline="") as handle:
        return parse_segments(handle, source=path)


def parse_segments(lines, source="segments"):
    """Parses CSV lines (header ``customerId,segment``) into ``{customerId: segment}``.

    Blank lines are skipped. A row without both values, or a customer listed twice with two
    different segments, is an error in the reference data, not a reject.
    """
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None or tuple(column.strip() for column in header[:2]) != _COLUMNS:
        raise ValueError("%s: the header must be %s, got %r" % (source, ",".join(_COLUMNS), header))
    segments = {}
    for row in reader:
        if not row or all(cell.strip() == "" for cell in row):
            continue
        line = reader.line_num
        if len(row) < 2 or row[0].strip() == "" or row[1].strip() == "":
            raise ValueError("%s line %d: expected customerId,segment, got %r" % (source, line, row))
        customer_id, segment = row[0].strip(), row[1].strip()
        previous = segments.get(customer_id)
        if previous is not None and previous != segment:
            raise ValueError(
                "%s line %d: customer %s is listed as both %r and %r" % (source, line, customer_id, previous, segment)
            )
        segments[customer_id] = segment
    return segments


def segment_for(customer_id, segments):
    """The customer's segment, or ``unassigned`` when the reference data has none."""
    return segments.get(customer_id, UNASSIGNED)
