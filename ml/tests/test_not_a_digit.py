"""Saying "not a digit": the threshold seam, and the shipped model on taps, scribbles and letters."""

import numpy as np
import torch

from ml.inference import Predictor
from ml.model import LeNet5
from ml.pen.canvas import Placement, draw_canvas
from ml.pen.nondigits import nondigit_strokes
from ml.training.not_a_digit import uniform_target_loss
from ml.weights import SHIPPED_WEIGHTS


def test_a_checkpoint_without_a_threshold_never_says_not_a_digit():
    predictor = Predictor(LeNet5(), {})
    assert predictor.is_not_a_digit([0.1] * 10) is False


def test_a_top_probability_below_the_calibrated_threshold_is_not_a_digit():
    predictor = Predictor(LeNet5(), {"metrics": {"not_a_digit_below": 0.5}})
    assert predictor.is_not_a_digit([0.4] + [0.6 / 9] * 9)
    assert not predictor.is_not_a_digit([0.6] + [0.4 / 9] * 9)
    assert predictor.prediction([0.4] + [0.6 / 9] * 9, preview=None).not_a_digit


def test_uniform_target_loss_is_smallest_for_an_even_answer():
    even, sure = torch.zeros(1, 10), torch.tensor([[10.0] + [0.0] * 9])
    assert uniform_target_loss(even) < uniform_target_loss(sure)
    assert abs(float(uniform_target_loss(even)) - np.log(10)) < 1e-6


def _read(predictor: Predictor, strokes, digit_height: float):
    png, _ = draw_canvas(strokes, Placement(digit_height=digit_height), y_up=True)
    return predictor.predict([png])[0]


def test_shipped_model_says_a_tap_and_a_scribble_are_not_digits():
    shipped = Predictor.from_checkpoint(SHIPPED_WEIGHTS)
    tap = [[[0.5, 0.5, 0.0]]]
    assert _read(shipped, tap, 0.05).not_a_digit
    rng = np.random.default_rng(12)
    assert _read(shipped, nondigit_strokes("scribble", rng), 0.7).not_a_digit
    assert _read(shipped, nondigit_strokes("letter", np.random.default_rng(3)), 0.6).not_a_digit
