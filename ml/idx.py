"""MNIST's IDX format, read and written: `<prefix>-images-idx3-ubyte.gz` and `-labels-idx1-ubyte.gz`."""

import gzip
import struct
from pathlib import Path

import torch

IMAGES_MAGIC, LABELS_MAGIC = 2051, 2049


def images_header(count: int, rows: int = 28, cols: int = 28) -> bytes:
    """The 16 bytes before `count` images of rows×cols uint8 pixels."""
    return struct.pack(">IIII", IMAGES_MAGIC, count, rows, cols)


def labels_header(count: int) -> bytes:
    """The 8 bytes before `count` uint8 labels."""
    return struct.pack(">II", LABELS_MAGIC, count)


def _uint8(data: bytes) -> torch.Tensor:
    # torch.frombuffer refuses an empty buffer, and an export may hold no drawings at all.
    return torch.frombuffer(bytearray(data), dtype=torch.uint8) if data else torch.zeros(0, dtype=torch.uint8)


def read_idx(folder: Path | str, prefix: str) -> tuple[torch.Tensor, torch.Tensor]:
    """`<prefix>-images-idx3-ubyte.gz` and `<prefix>-labels-idx1-ubyte.gz` as (N×rows×cols uint8, N int64)."""
    folder = Path(folder)
    with gzip.open(folder / f"{prefix}-images-idx3-ubyte.gz") as file:
        magic, count, rows, cols = struct.unpack(">IIII", file.read(16))
        if magic != IMAGES_MAGIC:
            raise ValueError(f"{file.name} is not an IDX image file.")
        images = _uint8(file.read()).reshape(count, rows, cols)
    with gzip.open(folder / f"{prefix}-labels-idx1-ubyte.gz") as file:
        magic, count = struct.unpack(">II", file.read(8))
        if magic != LABELS_MAGIC:
            raise ValueError(f"{file.name} is not an IDX label file.")
        labels = _uint8(file.read()).long()
    if len(labels) != len(images):
        raise ValueError("The image and label files hold different numbers of items.")
    return images, labels
