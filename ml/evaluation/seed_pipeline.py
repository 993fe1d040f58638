"""The student project's preprocessing, kept only as a baseline to measure ours against.

It shrinks the whole canvas to 28×28 and inverts it (its canvas was black ink on white),
without cropping to the ink, centring or keeping the aspect ratio. A small digit in a
corner therefore reaches the network as a few grey pixels off-centre. Never used to serve.
"""

import io

import numpy as np
import torch
from PIL import Image

from ml.preprocess import normalise


def seed_prepare(data: bytes) -> torch.Tensor:
    """PNG bytes -> 1×28×28 normalised tensor, the seed's way."""
    image = Image.open(io.BytesIO(data)).convert("L").resize((28, 28))
    pixels = 255 - np.asarray(image, dtype=np.uint8)  # white paper -> MNIST's black background
    return normalise(torch.from_numpy(pixels.copy())).unsqueeze(0)
