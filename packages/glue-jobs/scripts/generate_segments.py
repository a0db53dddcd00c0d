"""Regenerates reference/segments.csv, the shipped reference segments dataset (deterministic).

    python3 scripts/generate_segments.py > reference/segments.csv

It covers part of the sample customers C0000001..C0100000 on purpose: customers 1-10000, except
every tenth, have a segment; everyone else is "unassigned" after the join.
"""

import sys

SEGMENTS = ("champions", "loyal", "potential_loyalist", "new", "at_risk", "hibernating", "lost")


def main():
    out = sys.stdout
    out.write("customerId,segment\n")
    for number in range(1, 10001):
        if number % 10 == 0:
            continue
        # A fixed multiplicative hash spreads the segments without a pattern in the ids.
        segment = SEGMENTS[(number * 2654435761 >> 7) % len(SEGMENTS)]
        out.write("C%07d,%s\n" % (number, segment))


if __name__ == "__main__":
    main()
