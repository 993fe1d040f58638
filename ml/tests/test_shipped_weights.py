"""The committed weights must meet the accuracy the README promises."""

import pytest

from ml.evaluate import SHIPPED_WEIGHTS, evaluate_canvas, evaluate_mnist
from ml.inference import Predictor


@pytest.fixture(scope="module")
def shipped():
    return Predictor.from_checkpoint(SHIPPED_WEIGHTS)


def test_shipped_weights_reach_99_5_percent_on_the_mnist_test_set(shipped, mnist_test):
    report = evaluate_mnist(shipped, *mnist_test)
    assert report.count == 10_000
    assert report.accuracy >= 0.995


def test_shipped_weights_read_canvas_drawings_through_preprocessing(shipped, mnist_test):
    # 1,000 of the 10,000 canvas samples the README reports, so the bar leaves room for sampling.
    report = evaluate_canvas(shipped, *mnist_test, samples=1000, seed=7)
    assert report.accuracy >= 0.985
