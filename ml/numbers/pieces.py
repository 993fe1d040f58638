"""How many digits a piece of ink holds: part of one, exactly one, or several touching.

The digit network cannot say "this is not one digit": it reads half a 0 as a confident 1.
Segmentation asks this small network instead whether a wide piece is one wide digit or two
touching ones, and whether the halves of a cut are whole digits or fragments. Unlike the
digit network's input, its input keeps the piece's width: a piece is scaled to 20 px tall and
laid in a 28×56 field, so a wide piece stays wide (ml/training/train_pieces.py trains it).
"""

from pathlib import Path

import numpy as np
import torch
from PIL import Image

from ml.checkpoint import load_checkpoint
from ml.model import PieceNet
from ml.preprocess import crop_to_ink
from ml.weights import PIECE_WEIGHTS

FRAGMENT, ONE_DIGIT, SEVERAL = 0, 1, 2
FIELD = (28, 56)  # rows, columns
HEIGHT = 20  # a piece's height in the field, as MNIST's digit box


def piece_field(ink: np.ndarray) -> np.ndarray:
    """A 0..1 ink map (any size, ink > 0 somewhere) as the 28×56 field the network reads."""
    crop = crop_to_ink(ink).astype(np.float32)
    height, width = crop.shape
    scale = min(HEIGHT / height, (FIELD[1] - 4) / width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    piece = np.asarray(Image.fromarray(crop, mode="F").resize(size, Image.Resampling.LANCZOS))
    field = np.zeros(FIELD, dtype=np.float32)
    top, left = (FIELD[0] - size[1]) // 2, (FIELD[1] - size[0]) // 2
    field[top : top + size[1], left : left + size[0]] = np.clip(piece, 0.0, 1.0)
    return field


class PieceClassifier:
    """A loaded PieceNet; thread-safe like the Predictor (inference holds no state)."""

    def __init__(self, model: PieceNet, content_hash: str = ""):
        self.model = model.eval()
        self.content_hash = content_hash  # which weights cut the numbers (the checkpoint's hash)

    @classmethod
    def from_file(cls, path: Path | str = PIECE_WEIGHTS) -> "PieceClassifier":
        """Load a piece classifier checkpoint (ml/checkpoint.py: hash-checked, weights_only)."""
        loaded = load_checkpoint(path, architecture="piecenet")
        return cls(loaded.model, content_hash=loaded.metadata["content_hash"])

    def probabilities(self, inks: list[np.ndarray]) -> np.ndarray:
        """N×3 probabilities (FRAGMENT, ONE_DIGIT, SEVERAL) for N non-empty ink maps."""
        if not inks:
            return np.zeros((0, 3))
        batch = torch.from_numpy(np.stack([piece_field(ink) for ink in inks])).unsqueeze(1)
        with torch.inference_mode():
            return torch.softmax(self.model(batch).double(), dim=1).numpy()
