"""Reading whole numbers: segmentation whose hard cases two networks decide, then each digit."""

import functools
import math
from dataclasses import dataclass, field

import numpy as np
import torch
from PIL import Image
from scipy import ndimage

from ml.inference import Prediction, Predictor
from ml.numbers.pieces import ONE_DIGIT, SEVERAL, PieceClassifier
from ml.numbers.segment import Box, segment_ink
from ml.preprocess import DIGIT_BOX, crop_to_ink, decode_image, ink_of, prepare_ink

SPLIT_GAIN = 0.05  # joining: the two pieces apart must beat the joined ink by this much confidence
# Each digit is read at three sizes and the probabilities averaged, which is steadier than one
# reading: MNIST's test digits alone, 35 errors instead of 43 of 10,000; canvas drawings, 49
# instead of 53. (Single drawings still use one reading; see the README's numbers section.)
READING_BOXES = (DIGIT_BOX, DIGIT_BOX - 2, DIGIT_BOX + 2)
# A digit written alone on the page's square canvas has strokes about this wide for its longer
# side (as `_stroke_width` measures them); one of many on the 3:1 number canvas is written
# smaller with the same pen, so its strokes are thicker for its size, and the network misreads
# more of them. Only drawings sent with their strokes are thinned: those come from the page,
# whose pen is as wide for a number as for a digit alone; MNIST-like ink sent without strokes
# read slightly worse thinned.
ALONE_PEN_SHARE = 0.12


@dataclass(frozen=True)
class NumberReading:
    digits: list[tuple[Box, Prediction]]  # boxes in the submitted image's pixels (upright)
    width: int = 0  # the submitted image's size
    height: int = 0
    # The submitted image as read: upright (EXIF orientation applied), RGBA or L, full size.
    image: Image.Image | None = field(default=None, compare=False, repr=False)
    format: str = ""  # "PNG", "JPEG" or "WEBP"
    piece_classifier_hash: str = ""  # which piece classifier cut the number (its content hash)

    @property
    def text(self) -> str:
        return "".join(str(p.digit) for _, p in self.digits)

    @property
    def confidence(self) -> float:
        """Probability that every digit is right, if the digits' errors were independent."""
        return float(np.prod([p.confidence for _, p in self.digits]))


def _confidence(predictor: Predictor, inks: list[np.ndarray]) -> list[float]:
    """The network's top probability for each ink map (0 for an empty one), in one batch."""
    drawn = [i for i, ink in enumerate(inks) if ink.any()]
    scores = [0.0] * len(inks)
    if drawn:
        batch = torch.stack([prepare_ink(inks[i]).tensor for i in drawn])
        for i, score in zip(drawn, predictor.probabilities(batch).max(dim=1).values.tolist(), strict=True):
            scores[i] = score
    return scores


@functools.cache
def shipped_piece_classifier() -> PieceClassifier:
    return PieceClassifier.from_file()


def network_judge(predictor: Predictor, pieces: PieceClassifier):
    """The two networks decide segmentation's hard cases.

    Cutting a wide piece: the piece classifier says whether the halves are more likely two
    whole digits than the piece is one; among the cuts, the one whose halves both networks
    like best is taken. Joining two pieces (one option): the digit network reads them apart
    and joined, and joining wins unless both apart beat joined by SPLIT_GAIN."""

    def judge(whole: np.ndarray, options: list[tuple[np.ndarray, np.ndarray]], *, joining: bool = False) -> int | None:
        if not options:
            return None
        inks = [whole] + [half for pair in options for half in pair]
        if joining:
            whole_score, left, right = _confidence(predictor, inks)
            return 0 if min(left, right) > whole_score + SPLIT_GAIN else None
        one = pieces.probabilities(inks)[:, ONE_DIGIT]
        both_whole = [one[1 + 2 * i] * one[2 + 2 * i] for i in range(len(options))]
        if max(both_whole) <= one[0]:
            return None  # most wide pieces stop here, before the digit network is asked
        halves = _confidence(predictor, inks[1:])
        return max(range(len(options)), key=lambda i: both_whole[i] * halves[2 * i] * halves[2 * i + 1])

    return judge


def network_one_digit(predictor: Predictor, pieces: PieceClassifier):
    """For each ink map, how likely it is one whole digit, and which: the piece classifier's
    chance that it is not several digits times the digit network's confidence (trained low for
    a bar or a scribble that is no digit). The piece classifier's FRAGMENT is not used: it
    calls many crossed 7s, flagged 1s and lone bars, styles MNIST lacks, fragments."""

    def one_digit(inks: list[np.ndarray]) -> list[tuple[float, int]]:
        if not inks:
            return []
        several = pieces.probabilities(inks)[:, SEVERAL].tolist()
        best = predictor.probabilities(torch.stack([prepare_ink(ink).tensor for ink in inks])).max(dim=1)
        return [
            ((1.0 - s) * c, d) for s, c, d in zip(several, best.values.tolist(), best.indices.tolist(), strict=True)
        ]

    return one_digit


def _squeezed(ink: np.ndarray) -> np.ndarray:
    """A piece wider than tall, narrowed to square: people write wide 0s and 4s that MNIST has few of."""
    crop = crop_to_ink(ink).astype(np.float32, copy=False)
    side = crop.shape[0]
    return np.clip(np.asarray(Image.fromarray(crop, mode="F").resize((side, side), Image.Resampling.LANCZOS)), 0, 1)


def _stroke_width(crop: np.ndarray) -> float:
    """The mean width of the strokes, in pixels: twice the ink's area over its outline's length."""
    solid = crop > 0.5
    area = int(solid.sum())
    outline = area - int(ndimage.binary_erosion(solid).sum())
    return 2.0 * area / max(outline, 1)


def _as_written_alone(ink: np.ndarray) -> np.ndarray:
    """The digit's ink, its strokes thinned to the width they would have for its size written alone."""
    crop = crop_to_ink(ink)
    excess = round((_stroke_width(crop) - ALONE_PEN_SHARE * max(crop.shape)) / 2)
    if excess < 1:
        return crop
    # An erosion by a disk of radius `excess`, through the distance to paper: its cost does not
    # grow with the radius (a filled blob 1,000 px wide would need a 380 px disk).
    inside = ndimage.distance_transform_edt(crop > 0)
    thinned = (crop * np.clip(inside - excess, 0.0, 1.0)).astype(np.float32)
    return thinned if thinned.any() else crop


def read_digits(predictor: Predictor, inks: list[np.ndarray]) -> list[Prediction]:
    """Each digit's probabilities, averaged over READING_BOXES; a wide digit is also read squeezed
    to square, and that reading is kept when the network is surer of it."""
    inks = [crop_to_ink(ink) for ink in inks]  # once, not at every size: a piece's map is the number's size
    views = [prepare_ink(ink, box=box) for ink in inks for box in READING_BOXES]
    probabilities = predictor.probabilities(torch.stack([v.tensor for v in views]))
    averaged = probabilities.reshape(len(inks), len(READING_BOXES), -1).mean(dim=1)
    readings = []
    for index, (ink, row) in enumerate(zip(inks, averaged, strict=True)):
        preview = views[index * len(READING_BOXES)].preview
        height, width = ink.shape
        if width > height:
            squeezed = predictor.predict_prepared([prepare_ink(_squeezed(ink))])[0]
            if squeezed.confidence > float(row.max()):
                readings.append(squeezed)
                continue
        readings.append(predictor.prediction(row.tolist(), preview))
    return readings


def read_number(
    predictor: Predictor,
    data: bytes,
    *,
    expected_format: str | None = None,
    strokes: list | None = None,
    pieces: PieceClassifier | None = None,
) -> NumberReading:
    """Every digit of a written number, left to right, with boxes and probabilities.

    `strokes` (optional) are the pen strokes in the image's pixels: they separate digits
    whose ink touches. `pieces` defaults to the shipped piece classifier."""
    decoded = decode_image(data, expected_format=expected_format)  # validated, upright, RGBA or L
    ink = ink_of(decoded)  # large images come reduced
    width, height = decoded.image.size
    pieces = pieces or shipped_piece_classifier()
    one_digit = network_one_digit(predictor, pieces)
    parts = segment_ink(ink, network_judge(predictor, pieces), strokes=strokes, image_width=width, one_digit=one_digit)
    inks = [digit for _, digit in parts]
    predictions = read_digits(predictor, [_as_written_alone(digit) for digit in inks] if strokes else inks)
    scale_x, scale_y = width / ink.shape[1], height / ink.shape[0]
    boxes = [
        Box(
            left=math.floor(box.left * scale_x),
            top=math.floor(box.top * scale_y),
            right=min(width, math.ceil(box.right * scale_x)),
            bottom=min(height, math.ceil(box.bottom * scale_y)),
        )
        for box, _ in parts
    ]
    digits = list(zip(boxes, predictions, strict=True))
    return NumberReading(
        digits=digits,
        width=width,
        height=height,
        image=decoded.image,
        format=decoded.format,
        piece_classifier_hash=pieces.content_hash,
    )
