"""The one preprocessing path: image bytes -> the normalised 28×28 tensor the network sees.

MNIST digits were made by fitting each digit's bounding box into 20×20 pixels (aspect ratio
kept, anti-aliased) and placing it in 28×28 with its centre of mass at the centre. Every
drawing goes through exactly that here, whatever its canvas size, colours or transparency,
so that a digit drawn small, off-centre or on a white background looks like MNIST.
"""

import io
import math
import warnings
from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image, ImageOps, UnidentifiedImageError
from scipy import ndimage

from ml.formats import ACCEPTED_FORMATS

MNIST_MEAN = 0.1307
MNIST_STD = 0.3081

ALLOWED_FORMATS = ACCEPTED_FORMATS
MAX_IMAGE_SIDE = 4096
MAX_IMAGE_PIXELS = MAX_IMAGE_SIDE * MAX_IMAGE_SIDE
MIN_IMAGE_SIDE = 8
MAX_JPEG_SCANS = 64  # progressive JPEGs have about 10
# Larger inputs are box-reduced first: the digit ends up 20 px tall, so nothing is lost,
# and the float arrays below stay small whatever the canvas size.
WORKING_SIDE = 1024

DIGIT_BOX = 20  # the longest side of the digit, as in MNIST
OUTPUT_SIDE = 28
CENTRE = 14.0  # MNIST's mean centre of mass, measured in pixel indices (13.996, 14.007)

BLANK_CONTRAST = 0.15  # strongest ink below this fraction of full contrast: nothing drawn
INK_FLOOR = 0.1  # weaker ink is treated as paper (JPEG noise, faint smudges)
SPECK_FRACTION = 0.01  # isolated blobs with less ink than this share of the whole are dropped


class PreprocessError(ValueError):
    """Base of every reason an input cannot become a network input."""

    code = "invalid_image"


class NotAnImageError(PreprocessError):
    code = "not_an_image"


class UnsupportedImageFormatError(PreprocessError):
    code = "unsupported_image_format"


class ImageTypeMismatchError(PreprocessError):
    code = "image_type_mismatch"


class ImageTooLargeError(PreprocessError):
    code = "image_too_large"


class ImageTooSmallError(PreprocessError):
    code = "image_too_small"


class BlankImageError(PreprocessError):
    code = "blank_image"


@dataclass(frozen=True)
class PreparedImage:
    """The network input and the same pixels as a picture, plus what was decoded."""

    tensor: torch.Tensor  # 1×28×28 float32, normalised with MNIST_MEAN / MNIST_STD
    preview: Image.Image  # 28×28 mode "L", white ink on black: exactly what the network sees
    format: str  # "PNG", "JPEG" or "WEBP"
    width: int
    height: int


def preprocess_image(data: bytes, *, expected_format: str | None = None) -> PreparedImage:
    """Turn PNG/JPEG/WebP bytes of a drawn digit into the MNIST-style network input.

    `expected_format` is what the sender declared (e.g. "PNG"); content of another format is
    refused rather than trusted.
    """
    decoded = decode_image(data, expected_format=expected_format)
    return prepare_ink(ink_of(decoded, whole=False), decoded.format, decoded.image.size)


def read_ink(data: bytes, *, expected_format: str | None = None) -> np.ndarray:
    """The validated image as a 0..1 ink map (1 = strongest stroke); raises PreprocessError."""
    return ink_of(decode_image(data, expected_format=expected_format))


def ink_of(decoded: "DecodedImage", *, whole: bool = True) -> np.ndarray:
    """A decoded image's 0..1 ink map, box-reduced first when larger than WORKING_SIDE.
    `whole=False` may leave out paper around the ink (a single digit needs no positions)."""
    image = decoded.image
    factor = math.ceil(max(image.size) / WORKING_SIDE)
    return _ink_map(image.reduce(factor) if factor > 1 else image, whole=whole)


def prepare_ink(
    ink: np.ndarray, format_name: str = "", size: tuple[int, int] | None = None, *, box: int = DIGIT_BOX
) -> PreparedImage:
    """The second half of preprocess_image, from an ink map: crop, fit 20 px (or `box`), centre by mass."""
    if not ink.any():
        raise BlankImageError("Nothing is drawn on the image.")
    digit = _fit_into_box(crop_to_ink(ink), box)
    centred = _centre_by_mass(digit, OUTPUT_SIDE)
    pixels = np.clip(np.rint(centred * 255.0), 0, 255).astype(np.uint8)
    width, height = size or (ink.shape[1], ink.shape[0])
    return PreparedImage(
        tensor=torch.from_numpy(_NORMALISED_LEVELS[pixels]).unsqueeze(0),
        preview=Image.fromarray(pixels, mode="L"),
        format=format_name,
        width=width,
        height=height,
    )


def normalise(pixels: torch.Tensor) -> torch.Tensor:
    """uint8 (or 0..255) pixels -> float tensor with the training mean and std."""
    return (pixels.float() / 255.0 - MNIST_MEAN) / MNIST_STD


# normalise() of each of the 256 grey levels: prepare_ink looks its pixels up here, one step
# where normalise's four tensor operations on 784 pixels took about a tenth of a millisecond
# per drawing (issue 19). The same float32 values.
_NORMALISED_LEVELS = normalise(torch.arange(256)).numpy()


@dataclass(frozen=True)
class DecodedImage:
    """A validated image, decoded and upright, in RGBA or 8-bit grey (L), whatever its mode and
    orientation."""

    image: Image.Image  # RGBA or L, EXIF orientation applied: what a browser shows
    format: str  # "PNG", "JPEG" or "WEBP"


def decode_image(data: bytes, *, expected_format: str | None = None) -> DecodedImage:
    """Check the header (format, size, frames) before decoding, then decode, turn upright
    (EXIF orientation) and convert to RGBA from any mode (CMYK, I;16, P, LA, 1...) but 8-bit
    grey, which stays L: the page sends its drawings so, and widening them would only copy
    each grey level into three colour channels and an opaque alpha."""
    if not data:
        raise NotAnImageError("The image is empty.")
    try:
        # open() reads only the header, so the size checks below run before any decoding;
        # Pillow's bomb *warning* is a refusal here too.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageTooLargeError("The image declares too many pixels.") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise NotAnImageError("The data is not a readable image.") from exc
    if image.format not in ALLOWED_FORMATS:
        raise UnsupportedImageFormatError(f"{image.format} images are not accepted; send PNG, JPEG or WebP.")
    if expected_format and expected_format != image.format:
        raise ImageTypeMismatchError(f"The image was sent as {expected_format} but is {image.format}.")
    width, height = image.size
    if width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE or width * height > MAX_IMAGE_PIXELS:
        raise ImageTooLargeError(f"The image is {width}×{height}; the limit is {MAX_IMAGE_SIDE}×{MAX_IMAGE_SIDE}.")
    if width < MIN_IMAGE_SIDE or height < MIN_IMAGE_SIDE:
        raise ImageTooSmallError(f"The image is {width}×{height}; each side must be at least {MIN_IMAGE_SIDE} pixels.")
    if getattr(image, "n_frames", 1) > 1:
        raise UnsupportedImageFormatError("Animated images are not accepted.")
    if image.format == "JPEG" and data.count(b"\xff\xda") > MAX_JPEG_SCANS:
        # Each scan of a progressive JPEG is a pass over the whole image: thousands of tiny
        # scans in 2 MB would take minutes to decode. (0xFFDA cannot occur inside scan data.)
        raise NotAnImageError(f"The JPEG has more than {MAX_JPEG_SCANS} scans.")
    format_name = str(image.format)
    try:
        image.load()
        image = _as_rgba_or_grey(_upright(image))
    except Image.DecompressionBombError as exc:
        raise ImageTooLargeError("The image decompresses to too much data.") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise NotAnImageError("The image is truncated or corrupt.") from exc
    return DecodedImage(image, format_name)


def _upright(image: Image.Image) -> Image.Image:
    """The image as a browser shows it: a phone photo's EXIF orientation applied."""
    try:
        # In place: without an orientation tag there is nothing to do, where the copying
        # version would copy the whole image.
        ImageOps.exif_transpose(image, in_place=True)
        return image
    except Exception:  # noqa: BLE001 - a corrupt EXIF block only loses the orientation
        return image


def _as_rgba_or_grey(image: Image.Image) -> Image.Image:
    """RGBA from any mode but 8-bit grey (L), which stays as it is. 16-bit greyscale ("I;16",
    or "I") whose values pass 255 is scaled from 0..65535 to 8 bits: Pillow's own conversion
    clips at 255, which turns every grey above 255/65535 into paper. Values all within 0..255
    are taken as 8-bit already."""
    if image.mode == "L":
        return image
    if image.mode.startswith("I"):
        grey = np.asarray(image, dtype=np.float64)
        if grey.max() > 255:
            grey = grey / 257.0
        image = Image.fromarray(np.rint(np.clip(grey, 0, 255)).astype(np.uint8))
    return image if image.mode == "RGBA" else image.convert("RGBA")


def _ink_map(image: Image.Image, *, whole: bool = True) -> np.ndarray:
    """0..1 ink intensity per pixel, whatever the colours: 1 is the strongest stroke (only of
    the box around the ink, or more, when not `whole`). An L image gives exactly what its RGBA
    form (each grey level in the three colours, opaque) would: the same steps on one channel,
    each level's luminance looked up (the values the RGBA path computes for it)."""
    pixels = np.asarray(image)
    grey = image.mode == "L"
    drawn = _box_differing_from_border(pixels) if grey else _drawn_region(pixels)
    if drawn is None:
        if grey:
            return _ink_of_luminance(_GREY_LUMINANCE[pixels], _GREY_LUMINANCE[_border(pixels)])
        return _ink_of_pixels(pixels, _border(pixels))
    # A canvas: one background colour all round, so only the box around what differs from it
    # can hold ink, and the float work runs on that box alone. Every value is what the whole
    # image would give: the background outside the box is exactly paper (ink 0).
    rows, cols = drawn
    if grey:
        region = _ink_of_luminance(_GREY_LUMINANCE[pixels[rows, cols]], _GREY_LUMINANCE[pixels[:1, 0]])
    else:
        region = _ink_of_pixels(pixels[rows, cols], pixels[:1, :1].reshape(1, 4))
    if not whole:
        return region
    ink = np.zeros(pixels.shape[:2], dtype=np.float32)
    ink[rows, cols] = region
    return ink


def _border(pixels: np.ndarray) -> np.ndarray:
    """The outermost pixels (n×4, or n for one channel)."""
    return np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])


def _box_differing_from_border(colours: np.ndarray) -> tuple[slice, slice] | None:
    """The rows and columns of the box around the pixels that differ from a uniform border (one
    value per pixel); None when the border is not uniform."""
    border = _border(colours)
    background = border[0]
    if (border != background).any():
        return None
    differs = colours != background
    rows = np.flatnonzero(differs.any(axis=1))
    if rows.size == 0:
        raise BlankImageError("Nothing is drawn on the image.")
    cols = np.flatnonzero(differs[rows[0] : rows[-1] + 1].any(axis=0))
    return slice(int(rows[0]), int(rows[-1]) + 1), slice(int(cols[0]), int(cols[-1]) + 1)


def _drawn_region(rgba: np.ndarray) -> tuple[slice, slice] | None:
    """The rows and columns of the pixels that differ from a uniform border whose colour is
    opaque or fully transparent; None for any other image (it takes the whole-image path)."""
    if rgba[0, 0, 3] not in (0, 255):
        return None
    box = _box_differing_from_border(np.ascontiguousarray(rgba).view(np.uint32)[..., 0])  # a value per pixel
    if box is not None and rgba[0, 0, 3] == 255 and (rgba[box][..., 3] < 255).any():
        return None  # translucent strokes on an opaque canvas: the paper colour needs every pixel
    return box


_LUMINANCE_WEIGHTS = np.array([0.299, 0.587, 0.114], dtype=np.float32)


def _luminance(colours: np.ndarray) -> np.ndarray:
    """float32 luminance of colours (…×3 or more channels, red, green and blue first), as three
    products summed in order. Not a matrix product: numpy hands those to BLAS, whose kernel
    (fused multiply-adds or not) depends on the CPU and on the array's shape, so the same colour
    differed in the last bit between a canvas and the grey lookup below on one of our machines.
    One rounded operation at a time gives the same values everywhere; converting one channel at
    a time keeps it about as fast as the matrix product on large images."""
    red, green, blue = _LUMINANCE_WEIGHTS
    luminance = colours[..., 0].astype(np.float32)  # a copy, so the in-place steps touch nothing else
    luminance *= red
    for channel, weight in ((1, green), (2, blue)):
        term = colours[..., channel].astype(np.float32)
        term *= weight
        luminance += term
    return luminance


# The luminance _ink_of_pixels computes for each grey level (float32: a level v gives v to
# within 2e-5, not always exactly v, so the grey path looks these up rather than using v).
_GREY_LUMINANCE = _luminance(np.repeat(np.arange(256, dtype=np.uint8)[:, None], 3, axis=1))


def _ink_of_pixels(rgba: np.ndarray, border: np.ndarray) -> np.ndarray:
    """The ink map of `rgba` (H×W×4 uint8), the paper colour read from `border` (n×4 uint8)."""
    luminance = _luminance(rgba)
    alpha = rgba[..., 3].astype(np.float32) / 255.0
    border_luminance = _luminance(border)
    border_alpha = border[:, 3].astype(np.float32) / 255.0
    if alpha.min() < 1.0 or border_alpha.min() < 1.0:
        # A transparent canvas: flatten onto the paper colour that contrasts with the
        # strokes, so dark strokes and light strokes on transparency both read as ink.
        stroke = float((luminance * alpha).sum() / max(float(alpha.sum()), 1e-6))
        paper = 255.0 if stroke < 128 else 0.0
        luminance = luminance * alpha + paper * (1.0 - alpha)
        border_luminance = border_luminance * border_alpha + paper * (1.0 - border_alpha)
    return _ink_of_luminance(luminance, border_luminance)


def _ink_of_luminance(luminance: np.ndarray, border_luminance: np.ndarray) -> np.ndarray:
    """The ink map from opaque luminance (H×W float32), the paper read from the border's."""
    # The border is nearly all paper in any drawing, so its median is the paper colour.
    paper = float(np.median(border_luminance))
    if paper >= 128:
        ink = (paper - luminance) / max(paper, 1.0)
    else:
        ink = (luminance - paper) / max(255.0 - paper, 1.0)
    ink = np.clip(ink, 0.0, 1.0)
    strongest = float(ink.max())
    if strongest < BLANK_CONTRAST:
        raise BlankImageError("Nothing is drawn on the image.")
    # Stretch faint pens (pencil grey, thin anti-aliased lines) to MNIST's full contrast.
    ink = ink / strongest
    ink[ink < INK_FLOOR] = 0.0
    return _drop_specks(ink)


def _drop_specks(ink: np.ndarray) -> np.ndarray:
    """Remove tiny isolated blobs (an accidental tap) that would stretch the bounding box."""
    drawn = ink > 0
    labels, count = ndimage.label(drawn, structure=np.ones((3, 3)))
    if count < 2:
        return ink
    # Each blob's ink: the bincount ndimage.sum runs, in the same pixel order, over the inked
    # pixels alone (paper adds nothing to any blob), so the same sums; on a number's canvas
    # ndimage.sum's passes over every pixel took 1.4 ms.
    mass = np.bincount(labels[drawn], weights=ink[drawn], minlength=count + 1)[1:]
    kept = np.zeros(count + 1, dtype=bool)
    kept[1:] = mass >= SPECK_FRACTION * mass.sum()
    return np.where(kept[labels], ink, 0.0).astype(np.float32)


def crop_to_ink(ink: np.ndarray) -> np.ndarray:
    """The smallest rectangle holding every non-zero pixel (the array must have ink somewhere)."""
    return ink[ink_box(ink)]


def ink_box(ink: np.ndarray) -> tuple[slice, slice]:
    """The rows and columns of the smallest rectangle holding every non-zero pixel (there is one)."""
    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    return slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1)


def _fit_into_box(ink: np.ndarray, box: int) -> np.ndarray:
    """Scale so the longer side is `box` pixels, keeping the aspect ratio, anti-aliased."""
    height, width = ink.shape
    scale = box / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    resized = Image.fromarray(ink.astype(np.float32), mode="F").resize(size, Image.Resampling.LANCZOS)
    return np.clip(np.asarray(resized, dtype=np.float32), 0.0, 1.0)


def _centre_by_mass(digit: np.ndarray, side: int) -> np.ndarray:
    """Place the digit in a side×side field with its centre of mass at MNIST's centre."""
    centre_y, centre_x = _centre_of_mass(digit)
    top = int(round(CENTRE - centre_y))
    left = int(round(CENTRE - centre_x))
    height, width = digit.shape
    # Keep the whole digit in the field even when its mass is far from its box centre.
    top = min(max(top, 0), side - height)
    left = min(max(left, 0), side - width)
    field = np.zeros((side, side), dtype=np.float32)
    field[top : top + height, left : left + width] = digit
    return field


def _centre_of_mass(digit: np.ndarray) -> tuple[float, float]:
    """(row, column) of the centre of mass: the same sums in the same order as
    scipy.ndimage.center_of_mass (so the same values), without its index grids' overhead,
    which was a quarter of the preprocessing of a number's digits."""
    total = digit.sum()
    rows = np.arange(digit.shape[0], dtype=float)[:, None]
    columns = np.arange(digit.shape[1], dtype=float)[None, :]
    return float((digit * rows).sum() / total), float((digit * columns).sum() / total)
