"""Checkpoints that carry everything inference needs, loaded with weights_only=True."""

import hashlib
import io
import json
import pickle
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import torch

from ml.model import LeNet5, LeNet5Config, PieceNet, PieceNetConfig
from ml.preprocess import MNIST_MEAN, MNIST_STD

FORMAT_VERSION = 1
# Every network a checkpoint may hold. A checkpoint without "architecture" (all before the piece
# classifier had one) is LeNet-5, so stored model versions keep loading and keep their hashes.
ARCHITECTURES = {"lenet5": (LeNet5, LeNet5Config), "piecenet": (PieceNet, PieceNetConfig)}


class CheckpointError(ValueError):
    """The file is not a usable DigitSite checkpoint."""


@dataclass(frozen=True)
class LoadedCheckpoint:
    model: LeNet5 | PieceNet
    metadata: dict  # everything but the weights: name, metrics, train_config, content_hash...


def content_hash(state_dict: dict, model_args: dict) -> str:
    """SHA-256 of the architecture and the weights, independent of how the file was pickled."""
    digest = hashlib.sha256(json.dumps(model_args, sort_keys=True).encode())
    for key in sorted(state_dict):
        digest.update(key.encode())
        digest.update(state_dict[key].detach().cpu().contiguous().numpy().tobytes())
    return digest.hexdigest()


def _architecture_of(model) -> str:
    return next(name for name, (kind, _) in ARCHITECTURES.items() if type(model) is kind)


def checkpoint_bytes(model: LeNet5 | PieceNet, *, name: str, metrics: dict, train_config: dict) -> tuple[bytes, str]:
    """Serialise a model and its provenance; returns (file bytes, content hash)."""
    state_dict = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
    model_args = model.config.to_dict()
    digest = content_hash(state_dict, model_args)
    architecture = _architecture_of(model)
    payload = {
        "format_version": FORMAT_VERSION,
        **({} if architecture == "lenet5" else {"architecture": architecture}),
        "name": name,
        "model_args": model_args,
        "state_dict": state_dict,
        "normalization": {"mean": MNIST_MEAN, "std": MNIST_STD},
        "metrics": metrics,
        "train_config": train_config,
        "created_at": datetime.now(UTC).isoformat(),
        "content_hash": digest,
    }
    buffer = io.BytesIO()
    torch.save(payload, buffer)
    return buffer.getvalue(), digest


def save_checkpoint(path: Path | str, model: LeNet5 | PieceNet, **provenance) -> str:
    """Write a checkpoint file (parent folders created); returns its content hash."""
    data, digest = checkpoint_bytes(model, **provenance)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return digest


def load_checkpoint(source: Path | str | bytes | BinaryIO, *, architecture: str = "lenet5") -> LoadedCheckpoint:
    """Rebuild the model from a checkpoint path, bytes or file object; verifies its hash and
    that it holds the expected network (LeNet-5 unless told otherwise)."""
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    try:
        payload = torch.load(source, map_location="cpu", weights_only=True)
    except (RuntimeError, OSError, EOFError, ValueError, pickle.UnpicklingError) as exc:
        raise CheckpointError(f"Not a readable checkpoint: {exc}") from exc
    if not isinstance(payload, dict) or payload.get("format_version") != FORMAT_VERSION:
        raise CheckpointError("Not a DigitSite checkpoint of a known format version.")
    normalization = payload["normalization"]
    if (normalization["mean"], normalization["std"]) != (MNIST_MEAN, MNIST_STD):
        raise CheckpointError("The checkpoint was trained with another normalisation.")
    if payload.get("architecture", "lenet5") != architecture:
        raise CheckpointError(f"The checkpoint holds a {payload.get('architecture', 'lenet5')}, not a {architecture}.")
    state_dict, model_args = payload["state_dict"], payload["model_args"]
    if content_hash(state_dict, model_args) != payload["content_hash"]:
        raise CheckpointError("The weights do not match the checkpoint's content hash.")
    network, config = ARCHITECTURES[architecture]
    model = network(config(**model_args))
    model.load_state_dict(state_dict, strict=True)
    model.eval()
    metadata = {k: v for k, v in payload.items() if k != "state_dict"}
    return LoadedCheckpoint(model=model, metadata=metadata)
