"""JSON bodies whose parsing work is bounded: nesting depth and the size of numbers.

Bytes alone do not bound the work: a 2 KB body nested 1,000 deep made the parser's
RecursionError escape as a 500, and a 400-digit integer overflowed the first float
conversion. Nothing the API takes is nested more than four deep ({"strokes": [[[x, y]]]}) or
needs a number beyond a millisecond timestamp.
"""

import json

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, get_encoding

MAX_DEPTH = 8
MAX_NUMBER = 10**15  # |x| at most this: timestamps in milliseconds fit, 1e300 does not
MAX_INTEGER_DIGITS = len(str(MAX_NUMBER))


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS or abs(value := int(text)) > MAX_NUMBER:
        raise ValueError(f"numbers beyond ±{MAX_NUMBER:.0e} are not accepted")
    return value


def _float(text: str) -> float:
    value = float(text)  # never raises for JSON's number syntax; overflows to inf
    if not abs(value) <= MAX_NUMBER:
        raise ValueError(f"numbers beyond ±{MAX_NUMBER:.0e} are not accepted")
    return value


def _constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _check_depth(value) -> None:
    """Without recursion: the point is that no input can exhaust the stack."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise ValueError(f"nested more than {MAX_DEPTH} levels deep")
            children = item.values() if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children if isinstance(child, dict | list))


def loads(text: str | bytes):
    """json.loads with the bounds above; raises ValueError (never RecursionError or OverflowError)."""
    try:
        value = json.loads(text, parse_int=_integer, parse_float=_float, parse_constant=_constant)
    except RecursionError as exc:
        raise ValueError(f"nested more than {MAX_DEPTH} levels deep") from exc
    _check_depth(value)
    return value


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser with bounded nesting and numbers (400 invalid_json beyond them)."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = get_encoding(parser_context or {})  # text codecs only (no bz2_codec bombs)
        try:
            return loads(stream.read().decode(encoding))
        except ValueError as exc:  # UnicodeDecodeError is a ValueError
            raise ParseError(f"JSON parse error - {exc}") from exc
