"""Split a written number into its digits, left to right, each ready for the network.

Connected pieces of ink are digits, except that pieces overlapping horizontally belong to one
digit (the two strokes of a 4 or a 5), and a piece wider than tall may be two touching digits,
cut at one of its thinnest columns. A judge (ml/numbers/reader.py: the networks) decides those cases;
without one, geometry alone does. With the client's strokes, the order they were drawn in
groups them first (`_group_in_writing_order`). Each digit then goes through preprocess.py's own path.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from scipy import ndimage

from ml.numbers.strokes import stroke_masks
from ml.preprocess import BlankImageError, PreprocessError

MERGE_OVERLAP = 0.5  # horizontal overlap, as a share of the narrower piece, that makes one digit
SPLIT_ASPECT = 1.5  # without a judge, wider than this × the line height is touching digits
# With strokes, a group of them narrower than this × the line height is never cut. Cutting
# every wide group, as for ink alone, cut wide 0s and looped 2s in two: on five-digit numbers of
# the 24 training pen writers, 1.3 removed 1 of 7 cutting errors with gaps and 2 of 15 touching
# (1.5: 2 and 3), and two 0s written in one stroke, 1.47 line heights wide, are still cut.
STROKE_GROUP_CUT_WIDTH = 1.3
MIN_SPLIT_WIDTH = 0.9  # narrower than this × the line height is never split
MIN_SPLIT_ASPECT = 1.0  # nor a piece narrower than it is tall: one handwritten digit is taller than wide
FRAGMENT_HEIGHT = 0.6  # a piece shorter than this × the line height may be part of a neighbour
FRAGMENT_GAP = 0.3  # ... when the gap between them is under this × the line height
SPLIT_WINDOW = (0.3, 0.7)  # where, across a wide piece, the cut may fall
MAX_DIGITS = 20
MAX_STROKES_PER_DIGIT = 4  # a crossed 7 drawn bar, stem, cross; a 4 or a 5 in three strokes
SURELY_ONE_DIGIT = 0.5  # a stroke scored above this alone is more likely a digit than not
CONTINUING_SPAN = 0.7  # share of a stroke's width within the previous stroke's span (a flag, a cross)


class TooManyDigitsError(PreprocessError):
    code = "too_many_digits"


# For each ink map, how likely it is to be exactly one whole digit (0..1) and the digit it reads
# as; ml/numbers/reader.py's networks.
OneDigitScore = Callable[[list[np.ndarray]], list[tuple[float, int]]]


class SplitJudge(Protocol):
    """Given a whole ink map and ways to cut it in two, the index of the cut to take, or None
    to keep it whole. `joining=True` asks about two pieces that could be one digit. Each map is
    a piece's ink within its own box (`_Piece.cropped_ink`): a judge reads shapes, not where
    they are, and a map of the whole canvas costs a copy and a crop of every pixel."""

    def __call__(
        self, whole: np.ndarray, options: list[tuple[np.ndarray, np.ndarray]], *, joining: bool = False
    ) -> int | None: ...


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    right: int  # exclusive
    bottom: int  # exclusive


@dataclass
class _Piece:
    mask: np.ndarray  # bool, whole-image size: the pixels of this digit
    left: int
    right: int

    @classmethod
    def of(cls, mask: np.ndarray) -> "_Piece":
        cols = np.flatnonzero(mask.any(axis=0))
        return cls(mask, int(cols[0]), int(cols[-1]) + 1)

    def ink(self, ink: np.ndarray) -> np.ndarray:
        """The line's ink with everything but this piece blanked."""
        return np.where(self.mask, ink, 0.0).astype(np.float32)

    def box(self) -> Box:
        rows = np.flatnonzero(self.mask.any(axis=1))
        return Box(self.left, int(rows[0]), self.right, int(rows[-1]) + 1)

    def cropped_ink(self, ink: np.ndarray) -> np.ndarray:
        """This piece's ink within its box: what `ink()` holds, at a fraction of the memory."""
        box = self.box()
        rows, cols = slice(box.top, box.bottom), slice(box.left, box.right)
        return np.where(self.mask[rows, cols], ink[rows, cols], 0.0).astype(np.float32)


def _merge_overlapping(pieces: list[_Piece]) -> list[_Piece]:
    pieces = sorted(pieces, key=lambda p: p.left)
    merged: list[_Piece] = []
    for piece in pieces:
        if merged and _overlap_share(merged[-1], piece) > MERGE_OVERLAP:
            merged[-1] = _Piece.of(merged[-1].mask | piece.mask)
            continue
        merged.append(piece)
    return merged


def _cut_candidates(piece: _Piece, ink: np.ndarray, count: int = 3) -> list[int]:
    """The thinnest columns inside the middle of a piece, at least a tenth of its width apart."""
    box = piece.box()
    width = box.right - box.left
    profile = (ink * piece.mask)[:, box.left : box.right].sum(axis=0)
    low, high = int(width * SPLIT_WINDOW[0]), max(int(width * SPLIT_WINDOW[1]), int(width * SPLIT_WINDOW[0]) + 1)
    cuts: list[int] = []
    for column in np.argsort(profile[low:high], kind="stable") + low:
        if all(abs(int(column) - c) >= max(1, width // 10) for c in cuts):
            cuts.append(int(column))
        if len(cuts) == count:
            break
    return [box.left + c for c in cuts]


def _halves(piece: _Piece, cut: int) -> tuple[_Piece, _Piece] | None:
    left, right = piece.mask.copy(), piece.mask.copy()
    left[:, cut:] = False
    right[:, :cut] = False
    return (_Piece.of(left), _Piece.of(right)) if left.any() and right.any() else None


def _split_wide(piece: _Piece, ink: np.ndarray, line_height: float, judge: "SplitJudge | None") -> list[_Piece]:
    box = piece.box()
    width = box.right - box.left
    if width < 4 or width <= MIN_SPLIT_WIDTH * line_height or width < MIN_SPLIT_ASPECT * (box.bottom - box.top):
        return [piece]
    options = [h for cut in _cut_candidates(piece, ink) if (h := _halves(piece, cut))]
    if judge is None:  # geometry alone: only clearly over-wide pieces, at the thinnest column
        if width <= SPLIT_ASPECT * line_height or not options:
            return [piece]
        chosen = options[0]
    else:
        chosen = judge(piece.cropped_ink(ink), [(a.cropped_ink(ink), b.cropped_ink(ink)) for a, b in options])
        chosen = options[chosen] if chosen is not None else None
        if chosen is None:
            return [piece]
    return [q for half in chosen for q in _split_wide(half, ink, line_height, judge)]


def _is_fragment(piece: _Piece, line_height: float) -> bool:
    box = piece.box()
    return box.bottom - box.top < FRAGMENT_HEIGHT * line_height


def _join_neighbours(pieces: list[_Piece], ink: np.ndarray, judge: "SplitJudge", candidates) -> list[_Piece]:
    """Left to right, join a piece to the one before it when `candidates(last, piece)` and the
    network reads the two as one digit: the judge, given the joined ink as the whole and the
    two pieces as its only cut, answers None when the cut is not better, i.e. when joined wins."""
    merged: list[_Piece] = []
    for piece in sorted(pieces, key=lambda p: p.left):
        if merged and candidates(merged[-1], piece):
            last = merged[-1]
            joined = _Piece.of(last.mask | piece.mask)
            if judge(joined.cropped_ink(ink), [(last.cropped_ink(ink), piece.cropped_ink(ink))], joining=True) is None:
                merged[-1] = joined
                continue
        merged.append(piece)
    return merged


def _merge_fragments(pieces: list[_Piece], ink: np.ndarray, line_height: float, judge: "SplitJudge") -> list[_Piece]:
    """Join a short piece to a close neighbour when the network reads the two as one digit."""

    def candidates(last: _Piece, piece: _Piece) -> bool:
        close = piece.left - last.right < FRAGMENT_GAP * line_height
        return close and (_is_fragment(last, line_height) or _is_fragment(piece, line_height))

    return _join_neighbours(pieces, ink, judge, candidates)


def _overlap_share(last: _Piece, piece: _Piece) -> float:
    """Horizontal overlap as a share of the narrower piece."""
    overlap = min(last.right, piece.right) - max(last.left, piece.left)
    return overlap / min(last.right - last.left, piece.right - piece.left)


def _merge_overlapping_by_judge(pieces: list[_Piece], ink: np.ndarray, judge: "SplitJudge") -> list[_Piece]:
    """Stroke pieces that overlap horizontally are one digit (a 4 or a 5 drawn in two strokes)
    unless the network reads them better apart (a 1 written against a 7)."""
    return _join_neighbours(pieces, ink, judge, lambda last, piece: _overlap_share(last, piece) > MERGE_OVERLAP)


def _within_share(piece: _Piece, other: _Piece) -> float:
    """How much of `piece`'s width lies within `other`'s."""
    return (min(piece.right, other.right) - max(piece.left, other.left)) / (piece.right - piece.left)


def _group_in_writing_order(pieces: list[_Piece], ink: np.ndarray, one_digit: OneDigitScore) -> list[_Piece]:
    """Stroke pieces, in the order they were drawn, grouped into digits.

    People finish a digit before they start the next, so a digit is a run of consecutive
    strokes, each overlapping horizontally the strokes of the run before it (a 4's stem after
    its L, a 5's flag after its body, a 7's cross after its stem). Of the ways to cut the
    sequence into such runs, the one whose runs are together most likely whole digits (the
    product of `one_digit`) is taken: a bar or an L alone is no digit, two digits together are
    several. Two rules of writing order settle what the scores leave close: a stroke that is
    surely a digit on its own and leaves the digit before it reading the same (a 1 against a 7)
    begins the next digit; a stroke that is no digit on its own, drawn mostly within the span of
    the stroke before it (a 5's flag, a 7's cross), continues that digit. A stroke added after
    the next digit was begun stays on its own here (the later steps may still join it)."""
    count = len(pieces)
    alone = one_digit([piece.cropped_ink(ink) for piece in pieces])
    # continues[k]: stroke k is no digit on its own and lies within the span of stroke k - 1
    # (a 5's flag, a 7's cross), so no digit begins with it.
    continues = [False] * (count + 1)
    for k in range(1, count):
        continues[k] = alone[k][0] <= SURELY_ONE_DIGIT and _within_share(pieces[k], pieces[k - 1]) > CONTINUING_SPAN
    best = [0.0] + [-math.inf] * count  # best[end]: log-likelihood of the first `end` strokes as digits
    start_of = [0] * (count + 1)
    for start in range(count):
        runs = [pieces[start]]
        for stroke in pieces[start + 1 : start + MAX_STROKES_PER_DIGIT]:
            if _overlap_share(runs[-1], stroke) <= 0:
                break
            runs.append(_Piece.of(runs[-1].mask | stroke.mask))
        scored = [alone[start], *one_digit([run.cropped_ink(ink) for run in runs[1:]])]
        for end, (score, digit) in enumerate(scored, start=start + 1):
            if end > start + 1 and digit == scored[end - start - 2][1] and alone[end - 1][0] > SURELY_ONE_DIGIT:
                break
            value = best[start] + math.log(max(score, 1e-9))
            if value > best[end] and not continues[end]:
                best[end], start_of[end] = value, start
    if math.isinf(best[count]):  # more flags in a row than a digit has strokes: not handwriting
        return pieces
    groups, end = [], count
    while end > 0:
        start = start_of[end]
        groups.append(_Piece.of(np.logical_or.reduce([p.mask for p in pieces[start:end]])))
        end = start
    return groups[::-1]


def segment_ink(
    ink: np.ndarray,
    judge: "SplitJudge | None" = None,
    *,
    strokes: list | None = None,
    image_width: int = 0,
    one_digit: OneDigitScore | None = None,
) -> list[tuple[Box, np.ndarray]]:
    """Digit boxes left to right, each with an ink map holding only that digit's pixels.

    `judge(whole, [(left, right), ...])` may decide which cut of a wide piece to take (its
    index) or None to keep it whole; without one, geometry alone decides. With the client's
    `strokes` (in the pixels of an image `image_width` wide), pieces start from the strokes,
    grouped in the order they were drawn when `one_digit` can score the groups.
    """
    if not (ink > 0).any():
        raise BlankImageError("Nothing is drawn on the image.")
    masks = stroke_masks(ink, strokes, image_width) if judge is not None else None
    if masks is not None:
        pieces = [_Piece.of(mask) for mask in masks]  # in the order they were drawn
        if one_digit is not None:
            pieces = _group_in_writing_order(pieces, ink, one_digit)
        pieces = _merge_overlapping_by_judge(pieces, ink, judge)
    else:
        labels, count = ndimage.label(ink > 0, structure=np.ones((3, 3)))
        pieces = _merge_overlapping([_Piece.of(labels == index) for index in range(1, count + 1)])
    line_height = float(np.median([p.box().bottom - p.box().top for p in pieces]))
    if judge is not None:
        pieces = _merge_fragments(pieces, ink, line_height, judge)
    # With strokes, the order they were drawn in has grouped them into digits: people lift the
    # pen between digits, so only a group wider than one digit is likely to be two written
    # without lifting the pen.
    cut_wider_than = STROKE_GROUP_CUT_WIDTH * line_height if masks is not None else 0.0
    digits = [
        d
        for piece in pieces
        for d in (_split_wide(piece, ink, line_height, judge) if piece.right - piece.left > cut_wider_than else [piece])
    ]
    if len(digits) > MAX_DIGITS:
        raise TooManyDigitsError(f"Found {len(digits)} separate marks; a number may have at most {MAX_DIGITS} digits.")
    digits = sorted(digits, key=lambda p: (p.left + p.right) / 2)
    return [(d.box(), d.ink(ink)) for d in digits]
