import pytest
import torch

from ml.checkpoint import CheckpointError, checkpoint_bytes, load_checkpoint, save_checkpoint
from ml.model import LeNet5, PieceNet
from ml.numbers.pieces import PieceClassifier
from ml.weights import PIECE_WEIGHTS


def test_checkpoint_round_trip_restores_weights_and_provenance(tmp_path):
    torch.manual_seed(3)
    model = LeNet5().eval()
    path = tmp_path / "nested" / "model.pt"
    digest = save_checkpoint(
        path, model, name="trial", metrics={"mnist_test_accuracy": 0.5}, train_config={"epochs": 1}
    )
    loaded = load_checkpoint(path)
    x = torch.randn(4, 1, 28, 28)
    assert torch.equal(model(x), loaded.model(x))
    assert loaded.metadata["content_hash"] == digest
    assert loaded.metadata["name"] == "trial"
    assert loaded.metadata["metrics"] == {"mnist_test_accuracy": 0.5}
    assert loaded.metadata["model_args"] == model.config.to_dict()
    assert loaded.metadata["normalization"] == {"mean": 0.1307, "std": 0.3081}


def test_checkpoint_with_altered_weights_is_refused():
    data, _ = checkpoint_bytes(LeNet5(), name="x", metrics={}, train_config={})
    payload = torch.load(__import__("io").BytesIO(data), weights_only=True)
    payload["state_dict"]["c1.bias"] += 1.0
    buffer = __import__("io").BytesIO()
    torch.save(payload, buffer)
    with pytest.raises(CheckpointError, match="content hash"):
        load_checkpoint(buffer.getvalue())


def test_garbage_is_not_a_checkpoint():
    with pytest.raises(CheckpointError):
        load_checkpoint(b"not a checkpoint at all")


def test_a_piece_classifier_checkpoint_round_trips_and_is_never_taken_for_a_digit_model(tmp_path):
    torch.manual_seed(4)
    pieces = PieceNet().eval()
    path = tmp_path / "pieces.pt"
    digest = save_checkpoint(path, pieces, name="pieces", metrics={"one_digit": 0.9}, train_config={})
    loaded = load_checkpoint(path, architecture="piecenet")
    x = torch.randn(2, 1, 28, 56)
    assert torch.equal(pieces(x), loaded.model(x))
    assert loaded.metadata["content_hash"] == digest
    with pytest.raises(CheckpointError, match="piecenet, not a lenet5"):
        load_checkpoint(path)
    with pytest.raises(CheckpointError, match="lenet5, not a piecenet"):
        load_checkpoint(checkpoint_bytes(LeNet5(), name="x", metrics={}, train_config={})[0], architecture="piecenet")


def test_the_shipped_piece_classifier_is_a_checked_checkpoint():
    classifier = PieceClassifier.from_file()
    assert classifier.content_hash == load_checkpoint(PIECE_WEIGHTS, architecture="piecenet").metadata["content_hash"]
