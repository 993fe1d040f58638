"""Whole numbers: segmentation into digits and reading them (issue 9 groundwork)."""

import numpy as np
import pytest
from PIL import Image, ImageDraw

from ml.inference import Predictor
from ml.number_sim import compose_number
from ml.numbers import read_number
from ml.preprocess import BlankImageError, read_ink
from ml.segment import segment_ink
from ml.tests.conftest import png


@pytest.fixture(scope="module")
def predictor():
    return Predictor.from_checkpoint("ml/weights/lenet5.pt")


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


def test_numbers_with_gaps_are_read_digit_by_digit(predictor, mnist_test):
    images, labels = mnist_test
    rng = np.random.default_rng(5)
    right = 0
    for _ in range(60):
        index = rng.integers(0, len(images), 3)
        reading = read_number(predictor, compose_number([images[i].numpy() for i in index], rng))
        right += reading.text == "".join(str(int(labels[i])) for i in index)
        assert 0.0 <= reading.confidence <= 1.0
    assert right / 60 >= 0.93  # measured 99.0% on 1,000 three-digit numbers (bench/numbers.py)


def test_wide_single_digits_are_not_cut_in_two(predictor, mnist_test):
    images, _ = mnist_test
    ink = images.numpy() > 25
    wide = [i for i in range(3000) if ink[i].any(1).sum() * 1.2 < ink[i].any(0).sum()][:40]
    rng = np.random.default_rng(6)
    single = sum(len(read_number(predictor, compose_number([images[i].numpy()], rng)).digits) == 1 for i in wide)
    assert len(wide) >= 20 and single / len(wide) >= 0.9
