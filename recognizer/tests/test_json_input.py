"""The API's JSON parser bounds nesting and numbers; it never raises anything but ValueError."""

import pytest

from recognizer.api import json_input


def test_nesting_up_to_the_limit_parses_and_beyond_it_is_refused():
    at_limit = "[" * json_input.MAX_DEPTH + "]" * json_input.MAX_DEPTH
    assert json_input.loads(at_limit) == eval(at_limit)  # noqa: S307 - brackets only
    with pytest.raises(ValueError, match="nested"):
        json_input.loads("[" * (json_input.MAX_DEPTH + 1) + "]" * (json_input.MAX_DEPTH + 1))
    with pytest.raises(ValueError, match="nested"):
        json_input.loads("[" * 100_000)  # the C parser's RecursionError, as a ValueError


@pytest.mark.parametrize("text", [str(10**15), str(-(10**15)), "1e15", "-1e15", "0.5", "1699999999999"])
def test_numbers_up_to_the_limit_parse(text):
    assert json_input.loads(text) == float(text)


@pytest.mark.parametrize("text", [str(10**15 + 1), "9" * 400, "9" * 5000, "1e16", "1e400", "-1e400", "NaN", "Infinity"])
def test_numbers_beyond_the_limit_are_refused(text):
    with pytest.raises(ValueError):
        json_input.loads(text)
