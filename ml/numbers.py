"""Reading whole numbers: segmentation whose hard cases the network itself decides."""

import io
import math
from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image

from ml.inference import Prediction, Predictor
from ml.preprocess import prepare_ink, read_ink
from ml.segment import Box, segment_ink

SPLIT_GAIN = 0.05  # both halves must beat the whole by this much confidence


@dataclass(frozen=True)
class NumberReading:
    digits: list[tuple[Box, Prediction]]  # boxes in the submitted image's pixels
    width: int = 0  # the submitted image's size
    height: int = 0

    @property
    def text(self) -> str:
        return "".join(str(p.digit) for _, p in self.digits)

    @property
    def confidence(self) -> float:
        """Probability that every digit is right, if the digits' errors were independent."""
        return float(np.prod([p.confidence for _, p in self.digits]))


def _confidence(predictor: Predictor, inks: list[np.ndarray]) -> list[float]:
    """The network's top probability for each ink map (0 for an empty one), in one batch."""
    drawn = [i for i, ink in enumerate(inks) if ink.any()]
    scores = [0.0] * len(inks)
    if drawn:
        batch = torch.stack([prepare_ink(inks[i]).tensor for i in drawn])
        for i, score in zip(drawn, predictor.probabilities(batch).max(dim=1).values.tolist(), strict=True):
            scores[i] = score
    return scores


def network_judge(predictor: Predictor):
    """Split a wide piece where the network is surer of both halves than of the whole."""

    def judge(whole: np.ndarray, options: list[tuple[np.ndarray, np.ndarray]]) -> int | None:
        if not options:
            return None
        scores = _confidence(predictor, [whole] + [half for pair in options for half in pair])
        whole_score, halves = scores[0], scores[1:]
        best = max(range(len(options)), key=lambda i: min(halves[2 * i], halves[2 * i + 1]))
        return best if min(halves[2 * best], halves[2 * best + 1]) > whole_score + SPLIT_GAIN else None

    return judge


def read_number(
    predictor: Predictor, data: bytes, *, expected_format: str | None = None, strokes: list | None = None
) -> NumberReading:
    """Every digit of a written number, left to right, with boxes and probabilities.

    `strokes` (optional) are the pen strokes in the image's pixels: they separate digits
    whose ink touches."""
    ink = read_ink(data, expected_format=expected_format)  # validated; large images come reduced
    width, height = Image.open(io.BytesIO(data)).size  # the header only; it decoded above
    parts = segment_ink(ink, network_judge(predictor), strokes=strokes, image_width=width)
    predictions = predictor.predict_prepared([prepare_ink(digit) for _, digit in parts])
    scale_x, scale_y = width / ink.shape[1], height / ink.shape[0]
    boxes = [
        Box(
            left=math.floor(box.left * scale_x),
            top=math.floor(box.top * scale_y),
            right=min(width, math.ceil(box.right * scale_x)),
            bottom=min(height, math.ceil(box.bottom * scale_y)),
        )
        for box, _ in parts
    ]
    return NumberReading(digits=list(zip(boxes, predictions, strict=True)), width=width, height=height)
