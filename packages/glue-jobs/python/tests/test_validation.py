import unittest

from ceap_heavy_etl import make_reject, parse_line, validate_record

from .support import record


class ValidateRecordTest(unittest.TestCase):
    def test_a_good_record_is_kept_with_its_parsed_fields(self):
        # Arrange
        good = record(lastActivityAt="2024-04-30T00:00:00Z", orderCount=3, totalSpend=9.5, sessions30d=0)
        # Act
        valid, reject = validate_record(good)
        # Assert
        self.assertIsNone(reject)
        self.assertIs(valid.record, good)
        self.assertEqual(valid.customer_id, "C0000001")
        self.assertEqual(valid.updated_micros, 1714521600 * 1000000)

    def test_optional_fields_may_be_null_or_missing(self):
        for fields in [{}, {"lastActivityAt": None, "orderCount": None, "totalSpend": None, "sessions30d": None}]:
            with self.subTest(fields=fields):
                # Act
                valid, reject = validate_record(record(**fields))
                # Assert
                self.assertIsNone(reject)
                self.assertIsNotNone(valid)

    def test_bad_records_are_rejected_with_reason_and_field(self):
        cases = [
            ("missing customerId", {"updatedAt": "2024-05-01T00:00:00Z"}, "missing-field", "customerId"),
            ("null customerId", {"customerId": None, "updatedAt": "2024-05-01"}, "missing-field", "customerId"),
            ("blank customerId", record(customer_id="  "), "missing-field", "customerId"),
            ("numeric customerId", record(customer_id=42), "invalid-type", "customerId"),
            ("missing updatedAt", {"customerId": "C1"}, "missing-field", "updatedAt"),
            ("bad updatedAt", record(updated_at="yesterday"), "invalid-date", "updatedAt"),
            ("numeric updatedAt", record(updated_at=1714521600), "invalid-type", "updatedAt"),
            ("impossible lastActivityAt", record(lastActivityAt="2024-02-30"), "invalid-date", "lastActivityAt"),
            ("lastActivityAt as a list", record(lastActivityAt=["2024-05-01"]), "invalid-type", "lastActivityAt"),
            ("orderCount as a string", record(orderCount="3"), "invalid-type", "orderCount"),
            ("orderCount as a boolean", record(orderCount=True), "invalid-type", "orderCount"),
            ("fractional orderCount", record(orderCount=2.5), "invalid-type", "orderCount"),
            ("negative orderCount", record(orderCount=-1), "negative-value", "orderCount"),
            ("totalSpend as an object", record(totalSpend={"amount": 3}), "invalid-type", "totalSpend"),
            ("negative totalSpend", record(totalSpend=-0.01), "negative-value", "totalSpend"),
            ("NaN totalSpend", record(totalSpend=float("nan")), "invalid-type", "totalSpend"),
            ("sessions30d as a boolean", record(sessions30d=False), "invalid-type", "sessions30d"),
            ("negative sessions30d", record(sessions30d=-3), "negative-value", "sessions30d"),
            ("not an object", ["C1"], "not-an-object", None),
        ]
        for name, bad, reason, field in cases:
            with self.subTest(name):
                # Act
                valid, reject = validate_record(bad)
                # Assert
                self.assertIsNone(valid)
                self.assertEqual(reject["reason"], reason)
                self.assertEqual(reject.get("field"), field)
                self.assertEqual(reject["record"], bad)
                self.assertTrue(reject["message"])

    def test_the_first_problem_in_field_order_wins(self):
        # Arrange
        bad = {"customerId": 7, "updatedAt": "nope", "orderCount": -1}
        # Act
        _, reject = validate_record(bad)
        # Assert
        self.assertEqual((reject["reason"], reject["field"]), ("invalid-type", "customerId"))

    def test_whole_floats_count_as_whole_numbers(self):
        # Act
        valid, reject = validate_record(record(orderCount=2.0, sessions30d=0.0))
        # Assert
        self.assertIsNone(reject)
        self.assertIsNotNone(valid)


class ParseLineTest(unittest.TestCase):
    def test_a_json_object_line_is_a_record(self):
        # Act
        value, reject = parse_line('{"customerId":"C1","n":1}')
        # Assert
        self.assertEqual(value, {"customerId": "C1", "n": 1})
        self.assertIsNone(reject)

    def test_lines_that_are_not_json_objects_are_rejected_with_the_raw_line(self):
        cases = [
            ("{not json", "invalid-json"),
            ('{"totalSpend": NaN}', "invalid-json"),
            ('{"totalSpend": Infinity}', "invalid-json"),
            ("[1, 2]", "not-an-object"),
            ('"text"', "not-an-object"),
            ("null", "not-an-object"),
            ('{"a":' * 100000 + "1" + "}" * 100000, "invalid-json"),
        ]
        for line, reason in cases:
            with self.subTest(line=line[:40]):
                # Act
                value, reject = parse_line(line)
                # Assert
                self.assertIsNone(value)
                self.assertEqual(reject["reason"], reason)
                self.assertEqual(reject["raw"], line)
                self.assertEqual(reject["rawEncoding"], "utf8")

    def test_make_reject_leaves_out_what_it_was_not_given(self):
        # Act
        reject = make_reject("missing-field", None, "customerId is required")
        # Assert
        self.assertEqual(reject, {"reason": "missing-field", "message": "customerId is required"})


if __name__ == "__main__":
    unittest.main()
