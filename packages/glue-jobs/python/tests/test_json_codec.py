import json
import unittest

from ceap_heavy_etl import json_codec
from ceap_heavy_etl.json_codec import decode_line, to_json_line


def reference_decode(line):
    """What json itself makes of a line, with NaN and Infinity refused."""
    return json.JSONDecoder(parse_constant=json_codec.refuse_constant).decode(line)


def outcome(decode, line):
    try:
        return ("value", decode(line))
    except ValueError as error:
        return ("error", type(error).__name__, str(error))


class DecodeLineTest(unittest.TestCase):
    def test_gives_the_json_modules_value_or_error_for_every_kind_of_line(self):
        lines = [
            '{"a":1,"b":[1,2.5,null,true],"c":{"d":"é"}}\n',
            '{"a":1}',
            '{"a":1}  \n',
            '{"a":1}\r\n',
            '{"a":1}\x0c\n',
            '{"a":1}{"b":2}\n',
            '  {"a":1}\n',
            '{"a":NaN}\n',
            '{"a":Infinity}\n',
            '{"a":\n',
            '{not json\n',
            '[1,2]\n',
            '"text"\n',
            "\n",
        ]
        for line in lines:
            with self.subTest(line=line):
                # Act / Assert
                self.assertEqual(outcome(decode_line, line), outcome(reference_decode, line))


class ToJsonLineTest(unittest.TestCase):
    def test_writes_what_the_json_encoder_writes(self):
        values = [
            {"customerId": "C1", "spend": 12.5, "whole": 3, "none": None, "flag": False},
            {"nested": {"list": [1, -0.0, 1e300, "é\n\u2028\"\\"]}, "empty": {}},
            {},
            [1, 2],
            "text",
        ]
        reference = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        for value in values:
            with self.subTest(value=value):
                # Act / Assert
                self.assertEqual(to_json_line(value), reference.encode(value))

    def test_refuses_nan_and_what_json_cannot_write(self):
        for value, error in [({"a": float("nan")}, ValueError), ({"a": {1, 2}}, TypeError)]:
            with self.subTest(value=value):
                # Act / Assert
                with self.assertRaises(error):
                    to_json_line(value)

    def test_cpython_encodes_records_with_its_c_encoder_directly(self):
        # The fast path is what the job's timing relies on; losing it must not go unnoticed.
        # Act / Assert
        self.assertIsNotNone(json_codec._ENCODE)


if __name__ == "__main__":
    unittest.main()
