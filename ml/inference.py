"""Predictor: load a checkpoint once, then predict digits for image bytes or prepared tensors."""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import torch
from PIL import Image

from ml.checkpoint import load_checkpoint
from ml.model import LeNet5
from ml.preprocess import PreparedImage, preprocess_image
from ml.views import READING_VIEWS, averaged_over_views, in_views

# The most inputs one forward pass takes: on one CPU thread, LeNet-5 costs about a third as much
# per image in batches of 128 as in one batch of 5,000, whose intermediate maps overflow the
# caches (an evaluation reads 1,000 inputs in five views at a time; bench: docs/benchmarks.md).
FORWARD_BATCH = 128


@dataclass(frozen=True)
class Prediction:
    digit: int
    probabilities: tuple[float, ...]  # ten softmax probabilities summing to 1
    preview: Image.Image  # the 28×28 input the network saw
    not_a_digit: bool = False  # the drawing does not look like any digit (Predictor.is_not_a_digit)

    @property
    def confidence(self) -> float:
        return self.probabilities[self.digit]


class Predictor:
    """A loaded model; safe to share between threads (inference holds no mutable state)."""

    def __init__(self, model: LeNet5, metadata: dict | None = None, views=READING_VIEWS):
        self.model = model.eval()
        self.metadata = metadata or {}
        self.views = views  # ml.views: the input turned and scaled a little, answers averaged
        # Calibrated when the model was trained (ml.training.train --nondigit-weight): below this top
        # probability a drawing is no digit. A model trained without non-digits has none.
        self.not_a_digit_below = float(self.metadata.get("metrics", {}).get("not_a_digit_below", 0.0))

    def is_not_a_digit(self, probabilities) -> bool:
        """True when no digit is likely: the network was taught to spread its answer on non-digits."""
        return float(max(probabilities)) < self.not_a_digit_below

    def prediction(self, probabilities, preview: Image.Image) -> Prediction:
        """A Prediction from one row of probabilities."""
        values = tuple(float(v) for v in probabilities)
        digit = max(range(len(values)), key=values.__getitem__)
        return Prediction(digit, values, preview, not_a_digit=self.is_not_a_digit(values))

    @classmethod
    def from_checkpoint(cls, source: Path | str | bytes | BinaryIO, views=READING_VIEWS) -> "Predictor":
        loaded = load_checkpoint(source)
        return cls(loaded.model, loaded.metadata, views)

    def probabilities(self, tensors: torch.Tensor) -> torch.Tensor:
        """N×1×28×28 normalised inputs -> N×10 probabilities (float64, rows sum to 1), the
        network's answers averaged over the predictor's views of each input."""
        with torch.inference_mode():
            inputs = in_views(tensors, self.views)
            logits = torch.cat([self.model(chunk) for chunk in inputs.split(FORWARD_BATCH)])
            return averaged_over_views(torch.softmax(logits.double(), dim=1), self.views)

    def predict_prepared(self, prepared: Sequence[PreparedImage]) -> list[Prediction]:
        """Predict a batch of already preprocessed images."""
        if not prepared:
            return []
        probs = self.probabilities(torch.stack([p.tensor for p in prepared]))
        return [self.prediction(row.tolist(), item.preview) for row, item in zip(probs, prepared, strict=True)]

    def predict(self, images: Sequence[bytes]) -> list[Prediction]:
        """Preprocess and predict a batch of image bytes (raises PreprocessError on bad input)."""
        return self.predict_prepared([preprocess_image(data) for data in images])
