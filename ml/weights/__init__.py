"""The weights shipped with the code: the digit network and the number reader's piece classifier."""

from pathlib import Path

WEIGHTS_DIR = Path(__file__).resolve().parent
SHIPPED_WEIGHTS = WEIGHTS_DIR / "lenet5.pt"  # `python -m ml.training.train` (defaults) wrote it
PIECE_WEIGHTS = WEIGHTS_DIR / "pieces.pt"  # `python -m ml.training.train_pieces` (defaults) wrote it
