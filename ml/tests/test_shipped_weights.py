"""The committed weights must meet the accuracy the README promises."""

import pytest

from ml.evaluation.evaluate import (
    SHIPPED_WEIGHTS,
    evaluate_canvas,
    evaluate_mnist,
    evaluate_nondigits,
    evaluate_pen_writers,
)
from ml.inference import Predictor

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def shipped():
    return Predictor.from_checkpoint(SHIPPED_WEIGHTS)


def test_shipped_weights_reach_99_5_percent_on_the_mnist_test_set_read_in_five_views(shipped, mnist_test):
    # Issue 16's bar, read as the site reads (the five views of ml/views.py): 99.57% for these
    # weights. Learning the pen writers and "not a digit" costs MNIST about 0.1 point with
    # LeNet-5's 61,706 weights; the views give that back (docs/benchmarks.md, "The model").
    report = evaluate_mnist(shipped, *mnist_test)
    assert report.count == 10_000
    assert report.accuracy >= 0.995


def test_shipped_weights_read_canvas_drawings_through_preprocessing(shipped, mnist_test):
    # 1,000 of the 10,000 canvas samples the README reports, so the bar leaves room for sampling.
    report = evaluate_canvas(shipped, *mnist_test, samples=1000, seed=7)
    assert report.accuracy >= 0.985


@pytest.fixture(scope="module")
def pen_test_report(shipped):
    return evaluate_pen_writers(shipped, processes=2)


def test_shipped_weights_read_the_unseen_pen_writers(pen_test_report):
    # 1,499 digits of the six test writers, each drawn twice as the page draws; never trained on.
    assert pen_test_report["count"] == 2 * 1499
    assert pen_test_report["accuracy"] >= 0.99
    assert pen_test_report["worst_digit"]["accuracy"] >= 0.97


def test_shipped_weights_call_few_real_digits_not_a_digit(shipped, mnist_test, pen_test_report):
    assert evaluate_mnist(shipped, *mnist_test).not_a_digit_share <= 0.005
    assert evaluate_canvas(shipped, *mnist_test, samples=1000, seed=7).not_a_digit_share <= 0.005
    assert pen_test_report["not_a_digit_share"] <= 0.005


def test_shipped_weights_flag_drawings_that_are_not_digits(shipped):
    report = evaluate_nondigits(shipped, count=1000)
    assert report["flagged"] >= 0.95
