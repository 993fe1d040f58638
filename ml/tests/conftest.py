import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from ml.data import default_data_dir, load_mnist


@pytest.fixture(scope="session")
def mnist_test():
    """The real MNIST test set; missing data is an error, never a skip."""
    return load_mnist(default_data_dir(), train=False)


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def draw_seven(
    size: int, box: tuple[int, int, int, int], width: int, ink="black", paper="white", mode="RGB"
) -> Image.Image:
    """A "7" drawn with a pen inside `box` (left, top, right, bottom) on a size×size canvas."""
    image = Image.new(mode, (size, size), paper)
    left, top, right, bottom = box
    pen = ImageDraw.Draw(image)
    pen.line([(left, top), (right, top), (left + (right - left) * 0.35, bottom)], fill=ink, width=width, joint="curve")
    return image


def similarity(a: Image.Image, b: Image.Image) -> float:
    """Correlation of two previews' pixels: 1.0 is identical."""
    return float(np.corrcoef(np.asarray(a, float).ravel(), np.asarray(b, float).ravel())[0, 1])
