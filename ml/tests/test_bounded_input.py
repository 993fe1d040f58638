"""The work an input can cause is bounded by the image, not by its numbers or its mode."""

import io

import numpy as np
import pytest
from PIL import Image

from ml.numbers.strokes import MAX_PATH_LENGTH, _paths, clip_segments
from ml.preprocess import decode_image, preprocess_image


def test_clip_segments_keeps_only_what_lies_inside_the_image():
    far = clip_segments(np.array([[5, 1e9], [5, -1e9]]), 100, 50)
    assert far.tolist() == [[5, 49, 5, 0]]  # a 2e9-pixel line becomes 50 pixels
    assert clip_segments(np.array([[-10, -10], [200, 200]]), 100, 50).tolist() == [[0, 0, 49, 49]]
    assert clip_segments(np.array([[200, 10], [300, 10]]), 100, 50).size == 0  # wholly outside
    assert clip_segments(np.array([[20, 10]]), 100, 50).tolist() == [[20, 10, 20, 10]]  # a dot
    assert clip_segments(np.array([[20, 10], [np.nan, 3], [30, 10]]), 100, 50).tolist() == [[20, 10, 30, 10]]


def test_paths_longer_than_any_pen_could_draw_are_not_drawn():
    zigzag = [[[0, 0] if i % 2 == 0 else [999, 999] for i in range(400)]] * 3
    assert _paths(zigzag, (1000, 1000), 1.0) is None  # 1200 diagonals > MAX_PATH_LENGTH × (w + h)
    assert 1200 * 999 * 2**0.5 > MAX_PATH_LENGTH * 2000
    drawn = _paths([[[0, 0], [999, 999]], [[5, 500]]], (1000, 1000), 1.0)
    assert set(np.unique(drawn)) == {0, 1, 2}


def _seven(mode_from_l) -> Image.Image:
    image = Image.new("L", (64, 64), 255)
    image.paste(0, (16, 12, 48, 18))
    image.paste(0, (36, 12, 42, 54))
    return mode_from_l(image)


def _png(image: Image.Image, fmt: str = "PNG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "convert",
    [
        lambda im: im.convert("1"),
        lambda im: im.convert("P"),
        lambda im: im.convert("LA"),
        lambda im: im.convert("RGBA"),
        lambda im: Image.fromarray(np.asarray(im, dtype=np.uint16) * 257),  # I;16, full range
        lambda im: Image.fromarray(np.asarray(im, dtype=np.uint16)),  # I;16 holding 8-bit values
    ],
    ids=["1", "P", "LA", "RGBA", "I;16 0..65535", "I;16 0..255"],
)
def test_every_mode_gives_the_same_network_input(convert):
    reference = preprocess_image(_png(_seven(lambda im: im))).tensor
    assert np.allclose(preprocess_image(_png(_seven(convert))).tensor, reference, atol=0.05)


def test_sixteen_bit_grey_is_scaled_not_clipped():
    grey = Image.fromarray(np.full((16, 16), 30_000, dtype=np.uint16))  # a mid grey
    assert decode_image(_png(grey)).image.getpixel((0, 0))[0] == round(30_000 / 257)


def test_cmyk_jpegs_decode_and_exif_orientation_is_applied():
    assert decode_image(_png(_seven(lambda im: im.convert("CMYK")), "JPEG")).image.mode == "RGBA"
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to show"
    wide = Image.new("RGB", (40, 20), "white")
    decoded = decode_image(_png(wide, "JPEG", exif=exif))
    assert decoded.image.size == (20, 40)
