"""The UNIPEN reader, the writer split, and the page-faithful renderer."""

from collections import Counter

import numpy as np
import pytest

from ml.pen.canvas import Placement, draw_canvas, draw_strokes, pen_width, place_strokes
from ml.pen.digits import TEST_WRITERS, load_pen_digits, split_by_writer
from ml.pen.unipen import parse_unipen
from ml.preprocess import preprocess_image


@pytest.fixture(scope="module")
def pen_digits():
    """The 30 writers' digits; a missing file is an error, never a skip."""
    return load_pen_digits()


def test_reader_parses_every_digit_with_its_writer(pen_digits):
    assert len(pen_digits) == 7494
    per_digit = Counter(s.label for s in pen_digits)
    assert per_digit["0"] == 780 and per_digit["3"] == 719 and sum(per_digit.values()) == 7494
    per_writer = Counter(s.writer for s in pen_digits)
    assert len(per_writer) == 30 and min(per_writer.values()) == 247 and max(per_writer.values()) == 250
    assert Counter(len(s.strokes) for s in pen_digits)[2] == 1921


def test_reader_handles_coord_columns_stroke_ranges_and_writer_ids():
    text = """.COORD X Y T
.WRITER_ID anna
.PEN_DOWN
 1 2 0
 3 4 10
.PEN_UP
.DT 50
.PEN_DOWN
 5 6 0
.PEN_UP
.PEN_DOWN
 7 8 0
.PEN_UP
.SEGMENT DIGIT 0-1 ? "4"
.SEGMENT DIGIT 2 ? "1"
"""
    four, one = parse_unipen(text.splitlines())
    assert (four.label, four.writer, one.label) == ("4", "anna", "1")
    assert four.strokes == (((1, 2, 0), (3, 4, 10)), ((5, 6, 60),))
    assert one.strokes == (((7, 8, 0),),)


def test_writer_split_keeps_every_writer_on_one_side(pen_digits):
    train, test = split_by_writer(pen_digits)
    assert {s.writer for s in test} == TEST_WRITERS and len(TEST_WRITERS) == 6
    assert not {s.writer for s in train} & {s.writer for s in test}
    assert len(train) + len(test) == len(pen_digits)


def test_renderer_uses_the_page_pen_width_and_draws_a_tap_as_a_dot():
    assert pen_width(280) == 20 and pen_width(40) == 4
    dot = draw_strokes([[[50.0, 50.0, 0.0]]], 100, 100, 20)
    assert dot[50, 50] == 1.0 and dot[50, 61] == 0.0
    assert abs(dot.sum() - np.pi * 10**2) < 0.03 * np.pi * 10**2  # a disc as wide as the pen


def test_renderer_places_a_digit_at_its_size_and_returns_the_page_json_strokes(pen_digits):
    sample = pen_digits[0]
    placement = Placement(width=280, height=280, digit_height=0.5)
    strokes = place_strokes(sample.strokes, placement)
    ys = [p[1] for s in strokes for p in s]
    xs = [p[0] for s in strokes for p in s]
    assert max(max(ys) - min(ys), max(xs) - min(xs)) == pytest.approx(140, abs=0.2)
    assert all(len(p) == 3 and p[0] == round(p[0], 1) for s in strokes for p in s)
    png, sent = draw_canvas(sample.strokes, placement, background="transparent")
    assert sent == strokes
    assert preprocess_image(png).preview.size == (28, 28)
