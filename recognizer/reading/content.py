"""What a drawing *is* for learning: the 28×28 network input, its digest, and its split.

The split comes from the digest of the network input, not from the row id, so identical
images (a resubmission, the same digit drawn twice pixel for pixel) always land in the same
split, and a re-export can never put a copy of a test drawing into training.
"""

import hashlib
import io

from PIL import Image

TEST_PERCENT = 10


def pixels(preview_png: bytes) -> bytes:
    """The 784 grey levels of a stored 28×28 preview."""
    return Image.open(io.BytesIO(bytes(preview_png))).convert("L").tobytes()


def input_digest(preview: Image.Image) -> str:
    """SHA-256 of the 784 grey levels the network saw (PNG encoding details do not count)."""
    return hashlib.sha256(preview.convert("L").tobytes()).hexdigest()


def digest_of_preview_png(preview_png: bytes) -> str:
    return hashlib.sha256(pixels(preview_png)).hexdigest()


def split_of(digest: str) -> str:
    """ "train" or "test", fixed forever by the network input's digest (10% test)."""
    return "test" if int(digest[:8], 16) % 100 < TEST_PERCENT else "train"
