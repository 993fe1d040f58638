import pytest
import torch

from ml.checkpoint import CheckpointError, checkpoint_bytes, load_checkpoint, save_checkpoint
from ml.model import LeNet5


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
