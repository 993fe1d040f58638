import io
import time

import numpy as np
import pytest
import torch
from PIL import Image

from ml.preprocess import (
    BlankImageError,
    ImageTooLargeError,
    ImageTooSmallError,
    NotAnImageError,
    UnsupportedImageFormatError,
    decode_image,
    ink_of,
    normalise,
    preprocess_image,
)
from testing.images import draw_seven, png, png_declaring, similarity


def test_preprocess_gives_a_normalised_28x28_tensor_and_matching_preview():
    prepared = preprocess_image(png(draw_seven(280, (60, 50, 220, 230), 18)))
    assert prepared.tensor.shape == (1, 28, 28)
    assert prepared.preview.size == (28, 28) and prepared.preview.mode == "L"
    expected = (np.asarray(prepared.preview, np.float32) / 255 - 0.1307) / 0.3081
    assert np.allclose(prepared.tensor[0].numpy(), expected, atol=1e-5)
    assert (prepared.format, prepared.width, prepared.height) == ("PNG", 280, 280)


def test_the_network_input_is_exactly_normalise_of_the_preview():
    for corners, width in (((60, 50, 220, 230), 18), ((10, 120, 90, 260), 4)):
        prepared = preprocess_image(png(draw_seven(280, corners, width)))
        pixels = torch.from_numpy(np.array(prepared.preview))
        assert torch.equal(prepared.tensor, normalise(pixels).unsqueeze(0))


def test_preprocess_fits_the_digit_into_20_pixels_centred_by_mass():
    preview = np.asarray(preprocess_image(png(draw_seven(280, (60, 50, 220, 230), 18))).preview, np.float64)
    rows = np.flatnonzero(preview.max(axis=1) > 0)
    cols = np.flatnonzero(preview.max(axis=0) > 0)
    assert max(rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1) == 20
    ys, xs = np.indices(preview.shape)
    assert abs((ys * preview).sum() / preview.sum() - 14) <= 0.5
    assert abs((xs * preview).sum() / preview.sum() - 14) <= 0.5


def test_small_off_centre_digit_looks_like_large_centred_digit():
    # Same pen-to-digit ratio (about MNIST's 1/8), 6.7× smaller and in the bottom-left corner.
    large = preprocess_image(png(draw_seven(400, (60, 40, 340, 360), 40))).preview
    small = preprocess_image(png(draw_seven(400, (10, 300, 52, 348), 6))).preview
    assert similarity(large, small) > 0.9


def test_inverted_and_transparent_backgrounds_read_the_same_as_black_on_white():
    reference = preprocess_image(png(draw_seven(280, (60, 50, 220, 230), 18))).preview
    inverted = draw_seven(280, (60, 50, 220, 230), 18, ink="white", paper="black")
    transparent = draw_seven(280, (60, 50, 220, 230), 18, ink=(0, 0, 0, 255), paper=(0, 0, 0, 0), mode="RGBA")
    light_on_transparent = draw_seven(
        280, (60, 50, 220, 230), 18, ink=(255, 255, 255, 255), paper=(0, 0, 0, 0), mode="RGBA"
    )
    for image in (inverted, transparent, light_on_transparent):
        assert similarity(reference, preprocess_image(png(image)).preview) > 0.99


def test_an_accidental_speck_does_not_move_the_digit():
    clean = draw_seven(280, (60, 50, 220, 230), 18)
    specked = clean.copy()
    specked.putpixel((270, 275), (0, 0, 0))
    specked.putpixel((271, 275), (0, 0, 0))
    assert similarity(preprocess_image(png(clean)).preview, preprocess_image(png(specked)).preview) > 0.99


def test_jpeg_and_webp_are_accepted():
    image = draw_seven(280, (60, 50, 220, 230), 18)
    reference = preprocess_image(png(image)).preview
    for fmt in ("JPEG", "WEBP"):
        buffer = io.BytesIO()
        image.save(buffer, format=fmt, quality=85)
        prepared = preprocess_image(buffer.getvalue())
        assert prepared.format == fmt
        assert similarity(reference, prepared.preview) > 0.97


@pytest.mark.parametrize("paper", ["white", "black", (0, 0, 0, 0)])
def test_blank_canvas_raises_blank_image_error(paper):
    mode = "RGBA" if isinstance(paper, tuple) else "RGB"
    with pytest.raises(BlankImageError):
        preprocess_image(png(Image.new(mode, (280, 280), paper)))


@pytest.mark.parametrize("data", [b"", b"hello, world", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b"<svg onload='x'/>"])
def test_non_images_raise_not_an_image_error(data):
    with pytest.raises(NotAnImageError):
        preprocess_image(data)


def test_truncated_png_raises_not_an_image_error():
    data = png(draw_seven(280, (60, 50, 220, 230), 18))
    with pytest.raises(NotAnImageError):
        preprocess_image(data[: len(data) // 2])


def test_gif_and_bmp_are_unsupported_formats():
    for fmt in ("GIF", "BMP"):
        buffer = io.BytesIO()
        draw_seven(280, (60, 50, 220, 230), 18).save(buffer, format=fmt)
        with pytest.raises(UnsupportedImageFormatError):
            preprocess_image(buffer.getvalue())


def test_animated_png_is_unsupported():
    frames = [draw_seven(100, (10, 10, 90, 90), 8), draw_seven(100, (20, 20, 80, 80), 8)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="PNG", save_all=True, append_images=frames[1:])
    with pytest.raises(UnsupportedImageFormatError):
        preprocess_image(buffer.getvalue())


def test_tiny_images_raise_image_too_small_error():
    with pytest.raises(ImageTooSmallError):
        preprocess_image(png(Image.new("L", (1, 1), 0)))


@pytest.mark.parametrize("size", [(100_000, 100_000), (20_000, 1), (5000, 5000)])
def test_huge_declared_sizes_are_refused_quickly_without_decoding(size):
    started = time.perf_counter()
    with pytest.raises(ImageTooLargeError):
        preprocess_image(png_declaring(*size))
    assert time.perf_counter() - started < 1.0


def test_mnist_digits_come_back_nearly_unchanged(mnist_test):
    images, _ = mnist_test
    for digit in images[:20]:
        restored = preprocess_image(png(Image.fromarray(digit.numpy(), mode="L"))).preview
        assert similarity(Image.fromarray(digit.numpy()), restored) > 0.9


def _as_png(pixels: np.ndarray) -> bytes:
    return png(Image.fromarray(pixels))


@pytest.mark.parametrize(
    "page",
    ["black on white", "white on black", "ink touching the edge", "grey paper", "a lone speck"],
)
def test_a_greyscale_png_gives_exactly_the_ink_of_its_rgba_form(page):
    """The page sends one-channel PNGs, which are read without widening them to RGBA; every
    value must be what the same pixels in four channels give, also on the whole-image path."""
    rng = np.random.default_rng(5)
    grey = np.full((140, 420), 255, dtype=np.uint8)
    grey[30:110, 40:70] = rng.integers(0, 256, (80, 30))  # anti-aliased strokes: every level
    grey[40:100, 300:330] = 0
    if page == "white on black":
        grey = 255 - grey
    elif page == "ink touching the edge":
        grey[0:50, 0:20] = 10
    elif page == "grey paper":
        grey[grey == 255] = 200
    elif page == "a lone speck":
        grey[:] = 255
        grey[70, 210] = 0
    rgba = np.dstack([grey, grey, grey, np.full_like(grey, 255)])
    for whole in (True, False):
        from_grey = ink_of(decode_image(_as_png(grey)), whole=whole)
        from_rgba = ink_of(decode_image(_as_png(rgba)), whole=whole)
        assert from_grey.dtype == from_rgba.dtype == np.float32
        assert np.array_equal(from_grey, from_rgba)
    assert np.array_equal(
        np.asarray(preprocess_image(_as_png(grey)).preview), np.asarray(preprocess_image(_as_png(rgba)).preview)
    )


def test_a_blank_greyscale_png_is_blank():
    with pytest.raises(BlankImageError):
        preprocess_image(_as_png(np.full((64, 64), 230, dtype=np.uint8)))


def test_speck_removal_keeps_exactly_the_blobs_that_ndimage_sum_keeps():
    """The blobs' ink is summed over inked pixels only; every blob kept or dropped, and every
    value, must be what summing the whole map with ndimage.sum gives."""
    from scipy import ndimage

    from ml.preprocess import SPECK_FRACTION, _drop_specks

    rng = np.random.default_rng(11)
    for _ in range(50):
        ink = np.where(rng.random((90, 240)) < 0.03, rng.random((90, 240)), 0.0).astype(np.float32)
        ink[20:70, 30:60] = rng.random((50, 30)).astype(np.float32) * 0.9 + 0.1  # the digit
        labels, count = ndimage.label(ink > 0, structure=np.ones((3, 3)))
        mass = ndimage.sum(ink, labels, index=np.arange(1, count + 1))
        keep = np.flatnonzero(mass >= SPECK_FRACTION * mass.sum()) + 1
        expected = np.where(np.isin(labels, keep), ink, 0.0).astype(np.float32)
        assert np.array_equal(_drop_specks(ink), expected)
