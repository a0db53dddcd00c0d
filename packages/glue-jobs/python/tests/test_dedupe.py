import itertools
import unittest

from ceap_heavy_etl import (
    LatestByCustomer,
    canonical_json,
    dedupe_entry,
    latest_entry,
    latest_record,
    pick_latest,
    validate_record,
)

from .support import record


def entry(rec):
    valid, reject = validate_record(rec)
    assert reject is None, reject
    return dedupe_entry(valid)


class PickLatestTest(unittest.TestCase):
    def test_the_later_updated_at_wins_in_either_order(self):
        # Arrange
        _, old = entry(record(updated_at="2024-04-01T00:00:00Z", v="old"))
        _, new = entry(record(updated_at="2024-04-01T00:00:00.001Z", v="new"))
        # Act / Assert
        self.assertIs(pick_latest(old, new), new)
        self.assertIs(pick_latest(new, old), new)

    def test_instants_are_compared_not_strings(self):
        # Arrange: "2024-04-01T23:00:00-05:00" sorts before "2024-04-02" as text but is later.
        _, offset = entry(record(updated_at="2024-04-01T23:00:00-05:00", v="offset"))
        _, utc = entry(record(updated_at="2024-04-02T03:00:00Z", v="utc"))
        # Act / Assert
        self.assertIs(pick_latest(utc, offset), offset)

    def test_a_tie_goes_to_the_greater_canonical_json_in_either_order(self):
        # Arrange
        _, a = entry(record(updated_at="2024-05-01T02:00:00+02:00", orderCount=3))
        _, b = entry(record(updated_at="2024-05-01T00:00:00Z", orderCount=4))
        # Act / Assert
        self.assertIs(pick_latest(a, b), b)
        self.assertIs(pick_latest(b, a), b)

    def test_pick_latest_gives_one_winner_for_every_order_and_grouping(self):
        # Arrange: what reduceByKey may do across partitions
        entries = [
            entry(record(updated_at=u, orderCount=n))[1]
            for u, n in [("2024-05-01T00:00:00Z", 1), ("2024-05-01T00:00:00Z", 2), ("2024-04-01T00:00:00Z", 9)]
        ]
        winners = set()
        for order in itertools.permutations(entries):
            # Act
            left = pick_latest(pick_latest(order[0], order[1]), order[2])
            right = pick_latest(order[0], pick_latest(order[1], order[2]))
            winners.add(id(left))
            winners.add(id(right))
        # Assert
        self.assertEqual(winners, {id(entries[1])})

    def test_latest_record_unwraps_a_reduced_pair(self):
        # Arrange
        rec = record()
        # Act / Assert
        self.assertIs(latest_record(entry(rec)), rec)
        self.assertIs(latest_entry(entry(rec))[1], rec)


class CanonicalJsonTest(unittest.TestCase):
    def test_equal_content_gives_equal_text(self):
        # Act
        a = canonical_json({"b": 2.0, "a": [1.0, {"y": "é", "x": 1}]})
        b = canonical_json({"a": [1, {"x": 1, "y": "é"}], "b": 2})
        # Assert
        self.assertEqual(a, b)
        self.assertEqual(a, '{"a":[1,{"x":1,"y":"\\u00e9"}],"b":2}')


class LatestByCustomerTest(unittest.TestCase):
    def test_keeps_one_record_per_customer_and_counts_the_duplicates(self):
        # Arrange
        latest = LatestByCustomer()
        records = [
            record("C2", "2024-01-01T00:00:00Z", v=1),
            record("C1", "2024-03-01T00:00:00Z", v=2),
            record("C2", "2024-02-01T00:00:00Z", v=3),
            record("C1", "2024-01-01T00:00:00Z", v=4),
            record("C2", "2023-12-31T00:00:00Z", v=5),
        ]
        # Act
        for rec in records:
            latest.add(*entry(rec))
        # Assert
        self.assertEqual([r["v"] for r in latest.records()], [2, 3])
        self.assertEqual(latest.duplicates, 3)
        self.assertEqual(len(latest), 2)


if __name__ == "__main__":
    unittest.main()
