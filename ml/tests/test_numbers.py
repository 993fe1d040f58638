"""Whole numbers: segmentation into digits and reading them."""

import io
import math

import numpy as np
import pytest
from PIL import Image, ImageDraw
from scipy import ndimage

from ml.evaluation.number_sim import compose_number, compose_pen_number
from ml.inference import Predictor
from ml.numbers.reader import ALONE_PEN_SHARE, _as_written_alone, _stroke_width, read_number
from ml.numbers.segment import segment_ink
from ml.numbers.strokes import _paths, stroke_masks
from ml.pen.canvas import draw_strokes, encode_png, pen_width
from ml.pen.digits import load_pen_digits
from ml.preprocess import BlankImageError, crop_to_ink, preprocess_image, read_ink
from ml.weights import SHIPPED_WEIGHTS
from testing.drawings import drawn_with_strokes, touching_seven_and_one
from testing.images import png


@pytest.fixture(scope="module")
def predictor():
    return Predictor.from_checkpoint(SHIPPED_WEIGHTS)


def test_segments_are_ordered_left_to_right_and_hold_only_their_own_ink():
    image = Image.new("L", (300, 100), 255)
    pen = ImageDraw.Draw(image)
    for left in (200, 20, 110):  # drawn out of order
        pen.line([(left + 20, 15), (left + 20, 85)], fill=0, width=8)
    segments = segment_ink(read_ink(png(image)))
    assert [box.left for box, _ in segments] == sorted(box.left for box, _ in segments)
    assert len(segments) == 3
    for box, ink in segments:
        outside = ink.copy()
        outside[box.top : box.bottom, box.left : box.right] = 0
        assert not outside.any()


def test_strokes_that_overlap_horizontally_are_one_digit():
    image = Image.new("L", (200, 120), 255)
    pen = ImageDraw.Draw(image)
    pen.line([(60, 20), (120, 20)], fill=0, width=8)  # a 5's top bar, drawn apart
    pen.arc([(55, 45), (125, 110)], start=200, end=140, fill=0, width=8)
    pen.line([(62, 20), (62, 60)], fill=0, width=8)
    assert len(segment_ink(read_ink(png(image)))) == 1


def test_a_blank_number_canvas_raises_blank_image_error():
    with pytest.raises(BlankImageError):
        segment_ink(np.zeros((50, 200), dtype=np.float32))


def _share_read_right(
    predictor, mnist_test, *, seed: int, digits: int, gap: tuple[int, int], pen_width: float | None = None
) -> float:
    """Share of 60 generated numbers read exactly right; every reading's confidence is checked."""
    images, labels = mnist_test
    rng = np.random.default_rng(seed)
    right = 0
    for _ in range(60):
        index = rng.integers(0, len(images), digits)
        number = compose_number([images[i].numpy() for i in index], rng, gap=gap, pen_width=pen_width)
        reading = read_number(predictor, number)
        right += reading.text == "".join(str(int(labels[i])) for i in index)
        assert 0.0 <= reading.confidence <= 1.0
    return right / 60


def test_numbers_with_gaps_are_read_digit_by_digit(predictor, mnist_test):
    # bench/numbers.py: 98.9% of 1,000 three-digit numbers
    assert _share_read_right(predictor, mnist_test, seed=5, digits=3, gap=(2, 8)) >= 0.93


def test_numbers_written_with_a_thick_pen_are_read_digit_by_digit(predictor, mnist_test):
    """Solid strokes thicker than MNIST's: a piece classifier trained on MNIST's strokes alone
    cut such digits in two (by hand, 500 five-digit numbers: 83.8% right, 92.8% before it)."""
    assert _share_read_right(predictor, mnist_test, seed=9, digits=3, gap=(2, 8), pen_width=0.8) >= 0.9


def test_wide_single_digits_are_not_cut_in_two(predictor, mnist_test):
    images, _ = mnist_test
    ink = images.numpy() > 25
    wide = [i for i in range(3000) if ink[i].any(1).sum() * 1.2 < ink[i].any(0).sum()][:40]
    rng = np.random.default_rng(6)
    single = sum(len(read_number(predictor, compose_number([images[i].numpy()], rng)).digits) == 1 for i in wide)
    assert len(wide) >= 20 and single / len(wide) >= 0.9


def test_strokes_separate_digits_whose_ink_touches(predictor):
    image, strokes = touching_seven_and_one()
    ink = read_ink(image)
    assert ndimage.label(ink > 0, structure=np.ones((3, 3)))[1] == 1  # one connected piece of ink
    assert read_number(predictor, image, strokes=strokes).text == "71"


def _masks_over_the_whole_canvas(ink, strokes, image_width):
    """stroke_masks' answer worked out the plain way: one distance transform of the whole canvas."""
    drawn = ink > 0
    paths = _paths(strokes, ink.shape, ink.shape[1] / image_width)
    _, (rows, cols) = ndimage.distance_transform_edt(paths == 0, return_indices=True)
    owner = paths[rows, cols]
    return [drawn & (owner == number) for number in np.unique(owner[drawn])]


def test_stroke_masks_give_each_ink_pixel_the_stroke_whose_path_is_nearest():
    """The transform runs on the box around ink and paths only; every pixel must still get the
    owner a whole-canvas transform gives it, also when the paths reach past the ink (strokes
    sent a few pixels off, or running off the canvas)."""
    samples = load_pen_digits()  # ../shared/pen-digits (fails, not skips, when missing)
    rng = np.random.default_rng(3)
    for _ in range(12):
        chosen = [samples[int(i)] for i in rng.integers(0, len(samples), 4)]
        image, strokes = compose_pen_number(chosen, rng, gap=(0.1, 0.3))
        ink, width = read_ink(image), Image.open(io.BytesIO(image)).width
        for dx, dy in ((0, 0), (6, -5), (-8, 7), (0, -60)):
            moved = [[[x + dx, y + dy, *rest] for x, y, *rest in stroke] for stroke in strokes]
            masks = stroke_masks(ink, moved, width)
            if masks is None:  # too far from the ink: the caller falls back to connected pieces
                assert dy == -60
                continue
            expected = _masks_over_the_whole_canvas(ink, moved, width)
            assert len(masks) == len(expected)
            for mask, want in zip(masks, expected, strict=True):
                assert np.array_equal(mask, want)
    # A stroke whose whole path lies just outside the ink it drew (sent a few pixels high).
    page = Image.new("L", (840, 280), 255)
    ImageDraw.Draw(page).rectangle([100, 45, 300, 60], fill=0)
    ImageDraw.Draw(page).rectangle([100, 130, 300, 150], fill=0)
    ink, strokes = read_ink(png(page)), [[[100, 40], [300, 40]], [[100, 140], [300, 140]]]
    masks = stroke_masks(ink, strokes, 840)
    expected = _masks_over_the_whole_canvas(ink, strokes, 840)
    assert masks is not None and len(masks) == len(expected) == 2
    assert all(np.array_equal(mask, want) for mask, want in zip(masks, expected, strict=True))


def test_strokes_that_do_not_match_the_image_are_ignored(predictor):
    image, _ = touching_seven_and_one()
    elsewhere = [[[700, 10], [830, 20]], [[800, 200], [820, 270]]]  # nowhere near the ink
    with_wrong = read_number(predictor, image, strokes=elsewhere)
    assert with_wrong.text == read_number(predictor, image).text


def test_a_digit_drawn_in_two_strokes_stays_one_digit(predictor):
    """A 4 as many write it: an L-shaped stroke, then the down stroke through its bar."""
    image, strokes = drawn_with_strokes((420, 280), [(140, 40), (110, 160), (230, 160)], [(200, 60), (200, 250)])
    reading = read_number(predictor, image, strokes=strokes)
    assert reading.text == "4"


_L_OF_A_FOUR = [(130, 40), (105, 160), (190, 160)]  # its stem, drawn next, just touches the bar's end
_STEM_OF_A_FOUR = [(207, 60), (207, 250)]


def test_a_four_whose_stem_barely_overlaps_its_first_stroke_stays_one_digit(predictor):
    """The stem overlaps the L horizontally by a quarter of its width: from the ink alone, "11"."""
    image, strokes = drawn_with_strokes((420, 280), _L_OF_A_FOUR, _STEM_OF_A_FOUR)
    assert read_number(predictor, image).text == "11"
    assert read_number(predictor, image, strokes=strokes).text == "4"


def test_a_wide_digit_written_in_one_stroke_is_not_cut_in_a_number(predictor):
    """A training pen writer's wide 0 and looped 2, each between two 1s, strokes sent: cut
    like ink alone, each read as two digits ("1671", "1231")."""
    samples = load_pen_digits()  # ../shared/pen-digits (fails, not skips, when missing)
    one = [s for s in samples if s.writer == "11" and s.label == "1"][0]
    for label, index in (("0", 1), ("2", 18)):
        wide = [s for s in samples if s.writer == "13" and s.label == label][index]
        image, strokes = compose_pen_number([one, wide, one], np.random.default_rng(1), gap=(0.15, 0.15))
        assert read_number(predictor, image, strokes=strokes).text == f"1{label}1"


def test_two_digits_written_without_lifting_the_pen_are_still_cut(predictor):
    """Two 0s in one stroke, about 1.5 line heights wide."""
    loop = [_ellipse_point(300, 140, 60, 85, step) for step in range(61)]
    loop += [_ellipse_point(440, 140, 60, 85, step) for step in range(61)]
    image, strokes = drawn_with_strokes((840, 280), loop)
    assert read_number(predictor, image, strokes=strokes).text == "00"


def _ellipse_point(centre_x: float, centre_y: float, radius_x: float, radius_y: float, step: int) -> tuple[int, int]:
    """Step `step` of 60 round an ellipse, from its top, anticlockwise."""
    angle = math.pi / 2 + 2 * math.pi * step / 60
    return round(centre_x + radius_x * math.cos(angle)), round(centre_y - radius_y * math.sin(angle))


def test_digits_written_one_after_the_other_stay_apart(predictor):
    """Grouping strokes in writing order keeps a whole digit drawn before or after a two-stroke 4 apart."""
    one_then_four = drawn_with_strokes(
        (560, 280), [(120, 40), (120, 240)], [(240, 40), (215, 160), (300, 160)], [(317, 60), (317, 250)]
    )
    four_then_one = drawn_with_strokes(
        (560, 280), _L_OF_A_FOUR, _STEM_OF_A_FOUR, [(240, 40), (238, 240)]
    )  # the 1 touches
    assert read_number(predictor, one_then_four[0], strokes=one_then_four[1]).text == "14"
    assert read_number(predictor, four_then_one[0], strokes=four_then_one[1]).text == "41"


def test_a_digit_cut_from_a_number_with_gaps_gets_the_network_input_it_gets_alone(predictor):
    """A 1, a 7 and a 0 drawn as the page draws them on its number canvas: each digit's 28×28
    input is pixel for pixel the one the same strokes get drawn alone on that canvas, so the
    number path adds no preprocessing of its own (no neighbour's ink, no other scaling)."""
    turn = np.linspace(0, 2 * np.pi, 40)
    digits = [
        [[[150, 60], [150, 220]]],
        [[[260, 60], [370, 60], [300, 220]]],
        [[[round(490 + 55 * np.sin(a), 1), round(140 - 80 * np.cos(a), 1)] for a in turn]],
    ]
    number = encode_png(draw_strokes([s for d in digits for s in d], 840, 280, pen_width(280)))
    reading = read_number(predictor, number, strokes=[s for d in digits for s in d])
    assert reading.text == "170"
    for (_, prediction), strokes in zip(reading.digits, digits, strict=True):
        alone = preprocess_image(encode_png(draw_strokes(strokes, 840, 280, pen_width(280)))).preview
        assert np.array_equal(np.asarray(prediction.preview), np.asarray(alone))


class _WidthRule:
    """A stand-in piece classifier: pieces wider than `several_over` × their height are several
    digits, the rest one digit (or all one digit when `several_over` is None)."""

    content_hash = "width-rule"  # what a stored number records as the piece classifier

    def __init__(self, several_over: float | None):
        self.several_over = several_over

    def probabilities(self, inks):
        rows = []
        for ink in inks:
            height, width = ink.any(axis=1).sum(), ink.any(axis=0).sum()
            several = self.several_over is not None and width > self.several_over * height
            rows.append([0.05, 0.05, 0.9] if several else [0.05, 0.9, 0.05])
        return np.array(rows)


def test_a_touching_pair_is_cut_only_when_the_piece_classifier_sees_several_digits(predictor):
    image = Image.new("L", (420, 280), 255)
    pen = ImageDraw.Draw(image)
    for left in (60, 165):  # two 0s whose ink touches: one piece, 1.4 times as wide as tall
        pen.ellipse([(left, 50), (left + 120, 230)], outline=0, width=20)
    assert ndimage.label(read_ink(png(image)) > 0, structure=np.ones((3, 3)))[1] == 1
    assert len(read_number(predictor, png(image), pieces=_WidthRule(several_over=None)).digits) == 1
    assert len(read_number(predictor, png(image), pieces=_WidthRule(several_over=1.1)).digits) == 2


def test_touching_digits_are_cut_apart_without_strokes(predictor, mnist_test):
    # bench/numbers.py: 90.0% of 1,000 two-digit numbers spaced -3 to +4 px
    assert _share_read_right(predictor, mnist_test, seed=8, digits=2, gap=(-2, 0)) >= 0.7


def test_a_small_digit_written_with_the_page_s_pen_is_read_with_strokes_as_thin_as_alone():
    """On the number canvas a digit 90 px high gets the pen of a 280 px canvas: its strokes are
    thinned to the width a digit written alone has for its size; a digit already that thin is kept."""
    turn = np.linspace(0, 2 * np.pi, 40)
    ring = [[[round(100 + 30 * np.sin(a), 1), round(140 - 45 * np.cos(a), 1)] for a in turn]]
    small = crop_to_ink(draw_strokes(ring, 840, 280, pen_width(280)))
    thinned = _as_written_alone(small)
    assert _stroke_width(small) > 1.5 * ALONE_PEN_SHARE * max(small.shape)
    assert _stroke_width(thinned) == pytest.approx(ALONE_PEN_SHARE * max(thinned.shape), rel=0.25)
    thin = crop_to_ink(draw_strokes(ring, 840, 280, 8))
    assert np.array_equal(_as_written_alone(thin), thin)
