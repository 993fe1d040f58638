"""The piece classifier: does a piece of ink hold part of a digit, one digit, or several?"""

import numpy as np
import torch

from ml.numbers.pieces import FIELD, HEIGHT, PieceClassifier, piece_field
from ml.training import train_pieces


def _extent(field: np.ndarray) -> tuple[int, int]:
    return int(field.any(axis=1).sum()), int(field.any(axis=0).sum())


def test_a_wide_piece_stays_wide_in_the_field():
    ink = np.zeros((100, 300), dtype=np.float32)
    ink[10:50, 20:80] = 1.0  # 40 tall, 60 wide
    assert piece_field(ink).shape == FIELD
    assert _extent(piece_field(ink)) == (HEIGHT, 30)  # 20 tall, still one and a half times as wide


def test_a_very_wide_piece_is_shrunk_to_fit_the_field():
    ink = np.zeros((100, 300), dtype=np.float32)
    ink[10:50, 20:260] = 1.0  # 40 tall, 240 wide
    assert _extent(piece_field(ink)) == (9, FIELD[1] - 4)


def test_the_shipped_classifier_tells_fragments_digits_and_pairs_apart(mnist_test):
    """On examples made from MNIST's test digits, which it never trained on."""
    fields, kinds = train_pieces.make_examples(mnist_test[0].numpy(), 150, seed=7)
    accuracy = train_pieces.accuracy_by_kind(PieceClassifier.from_file().model, fields, kinds)
    # measured 96.3% / 94.2% / 96.6% on 4,000 of each (python -m ml.training.train_pieces)
    assert min(accuracy.values()) >= 0.88, accuracy


def test_training_writes_a_state_dict_the_classifier_loads(tmp_path):
    out = tmp_path / "pieces.pt"
    metrics = train_pieces.main(["--out", str(out), "--examples", "30", "--epochs", "1", "--seed", "3"])
    assert set(metrics) == {"fragment", "one_digit", "several"}
    probabilities = PieceClassifier.from_file(out).probabilities([np.ones((20, 10), dtype=np.float32)])
    assert probabilities.shape == (1, 3)
    assert torch.isclose(torch.tensor(probabilities.sum()), torch.tensor(1.0, dtype=torch.float64))
