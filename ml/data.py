"""Datasets: MNIST through torchvision, and drawings people made on the site."""

import gzip
import os
import struct
from collections.abc import Sequence
from pathlib import Path

import torch
from torch.utils.data import Dataset
from torchvision.datasets import MNIST

from ml.preprocess import preprocess_image

DATA_DIR_ENV = "DIGITSITE_DATA_DIR"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_data_dir() -> Path:
    """The data folder: $DIGITSITE_DATA_DIR, else `data/` at the project root (git-ignored)."""
    return Path(os.environ.get(DATA_DIR_ENV) or PROJECT_ROOT / "data")


def load_mnist(data_dir: Path | str, *, train: bool) -> tuple[torch.Tensor, torch.Tensor]:
    """MNIST as (N×28×28 uint8 images, N int64 labels).

    torchvision verifies the four original files under `<data_dir>/MNIST/raw/` and only
    downloads them when they are missing, so an offline machine works once they are copied.
    """
    try:
        dataset = MNIST(str(data_dir), train=train, download=True)
    except (RuntimeError, OSError) as exc:
        raise FileNotFoundError(
            f"MNIST is not in {Path(data_dir) / 'MNIST' / 'raw'} and could not be downloaded: "
            "copy the four original .gz files there."
        ) from exc
    return dataset.data, dataset.targets


def _uint8(data: bytes) -> torch.Tensor:
    # torch.frombuffer refuses an empty buffer, and an export may hold no drawings at all.
    return torch.frombuffer(bytearray(data), dtype=torch.uint8) if data else torch.zeros(0, dtype=torch.uint8)


def read_idx(folder: Path | str, prefix: str) -> tuple[torch.Tensor, torch.Tensor]:
    """`<prefix>-images-idx3-ubyte.gz` and `-labels-idx1-ubyte.gz` (MNIST's format) as tensors."""
    folder = Path(folder)
    with gzip.open(folder / f"{prefix}-images-idx3-ubyte.gz") as file:
        magic, count, rows, cols = struct.unpack(">IIII", file.read(16))
        if magic != 2051:
            raise ValueError(f"{file.name} is not an IDX image file.")
        images = _uint8(file.read()).reshape(count, rows, cols)
    with gzip.open(folder / f"{prefix}-labels-idx1-ubyte.gz") as file:
        magic, count = struct.unpack(">II", file.read(8))
        if magic != 2049:
            raise ValueError(f"{file.name} is not an IDX label file.")
        labels = _uint8(file.read()).long()
    if len(labels) != len(images):
        raise ValueError("The image and label files hold different numbers of items.")
    return images, labels


class DrawingDataset(Dataset):
    """Collected drawings (image bytes, label) sent through the same preprocessing as inference."""

    def __init__(self, items: Sequence[tuple[bytes, int]]):
        self.items = list(items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> tuple[torch.Tensor, int]:
        image_bytes, label = self.items[index]
        return preprocess_image(image_bytes).tensor, int(label)
