"""Where data lives, and MNIST through torchvision."""

import os
from pathlib import Path

import torch
from torchvision.datasets import MNIST

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
