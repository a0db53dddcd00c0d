"""The job's JSON Lines codec: one line of text to a value and back, with the codec built once.

``json.loads`` and ``JSONEncoder.encode`` do fixed work on every call around the C scanner and
encoder (two whitespace regexes per decode; a new C encoder, a closure and a markers dict per
encode). Over a batch that is a good part of the job's time, so this module calls the C parts
directly where it can, and falls back to the ``json`` module's own path, which gives the same
value or raises the same error, everywhere else.
"""

import json

try:
    from json.encoder import c_make_encoder as _c_make_encoder
except ImportError:  # a Python without the C accelerator
    _c_make_encoder = None


def refuse_constant(name):
    raise ValueError("%s is not valid JSON" % name)


# NaN and Infinity are refused, as JSON and JavaScript refuse them.
DECODER = json.JSONDecoder(parse_constant=refuse_constant)
_SCAN = DECODER.scan_once
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def decode_line(line):
    """The JSON value of one line (str); raises ValueError (JSONDecodeError) when it is not JSON.

    A line that is one object, optionally followed by its newline (what every ceap writer
    produces), is scanned directly; any other line, or any error, goes through
    ``JSONDecoder.decode``, so values and messages are exactly the ``json`` module's.
    """
    if line[:1] == "{":
        try:
            value, end = _SCAN(line, 0)
        except Exception:  # noqa: BLE001 - decode below raises the json module's own error
            return DECODER.decode(line)
        rest = len(line) - end
        if rest == 0 or (rest == 1 and line[end] == "\n"):
            return value
    return DECODER.decode(line)


def _direct_encoder():
    """The C encoder with the job's settings, built once; None where it cannot be used.

    It has no markers dict, so it does not look for cycles: the job only encodes values that
    JSON parsing produced, plus flat fields, and a cycle would still fail (RecursionError).
    It is checked against ``JSONEncoder`` on a probe, so a Python whose C encoder changed
    shape keeps the slower path rather than write different text.
    """
    if _c_make_encoder is None:
        return None
    try:
        encode = _c_make_encoder(
            None, _ENCODER.default, json.encoder.encode_basestring, None, ":", ",", False, False, False
        )
        probe = {"a": [1, 2.5, -0.0, None, True, "é\n\u2028"], "b": {"c": 1e300}}
        if "".join(encode(probe, 0)) != _ENCODER.encode(probe):
            return None
        return encode
    except Exception:  # noqa: BLE001 - any surprise means the documented path
        return None


_ENCODE = _direct_encoder()


def to_json_line(value):
    """One JSON Lines line, UTF-8 text without the newline. NaN is refused, as in JSON."""
    if _ENCODE is None or not isinstance(value, dict):
        return _ENCODER.encode(value)
    return "".join(_ENCODE(value, 0))
