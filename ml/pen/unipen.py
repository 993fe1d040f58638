"""Read pen trajectories in the UNIPEN 1.0 format (the dialect of UCI's pen digits and the common core).

A UNIPEN file is a list of keyword lines. `.PEN_DOWN` … `.PEN_UP` bracket one stroke of
coordinate lines (columns named by `.COORD`, default "X Y"); strokes are numbered from 0 over
the whole file. `.SEGMENT <level> <strokes> <quality> "<label>"` says which strokes make one
item: `3`, `0-2`, `4,6`, or `5:0-5:10` (stroke:point; points are kept whole here). The UCI
dialect names the writer in `.COMMENT <label> <writer> <sample>`; `.WRITER_ID` (or a
`.START_SET`/`.INCLUDE` name) does elsewhere. Y points up unless the file says otherwise.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

Point = tuple[float, float, float]  # x, y, t (ms; 0 when the file has no time column)


@dataclass(frozen=True)
class PenSample:
    """One labelled item: its strokes as written (tablet units, y up) and who wrote it."""

    label: str
    writer: str
    strokes: tuple[tuple[Point, ...], ...]
    index: int  # position of the segment in its file


@dataclass
class _State:
    columns: list[str] = field(default_factory=lambda: ["X", "Y"])
    strokes: list[list[Point]] = field(default_factory=list)
    current: list[Point] | None = None
    writer: str = ""
    sample_rate: float = 0.0  # points per second, from .POINTS_PER_SECOND
    segments: list[tuple[str, str, str]] = field(default_factory=list)  # (delineation, label, writer)
    pauses: dict[int, float] = field(default_factory=dict)  # stroke number -> ms before the next one


_SEGMENT = re.compile(r'^\.SEGMENT\s+(\S+)\s+(\S+)(?:\s+(\S+))?\s+"([^"]*)"')


def _parse_point(line: str, state: _State) -> Point:
    values = [float(v) for v in line.split()]
    named = dict(zip(state.columns, values, strict=False))
    x, y = named.get("X", values[0]), named.get("Y", values[1])
    if "T" in named:
        t = named["T"]
    else:  # evenly sampled: time follows from the point's index
        t = len(state.current or []) * (1000.0 / state.sample_rate) if state.sample_rate else 0.0
    return (x, y, t)


def _stroke_indices(delineation: str) -> list[int]:
    """`0-2,5` or `5:0-5:10` -> the stroke numbers it covers."""
    indices: list[int] = []
    for part in delineation.split(","):
        ends = [int(end.split(":")[0]) for end in part.split("-") if end]
        if ends:
            indices.extend(range(ends[0], ends[-1] + 1))
    return indices


def parse_unipen(lines: Iterable[str], *, points_per_second: float = 0.0) -> list[PenSample]:
    """Every `.SEGMENT` of a UNIPEN text as a PenSample, in file order.

    `points_per_second` gives time to files without a T column or `.POINTS_PER_SECOND`
    (UCI's digits: 10); a sample's times run on across its strokes, `.DT` apart.
    """
    state = _State(sample_rate=points_per_second)
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("."):
            if state.current is not None:
                state.current.append(_parse_point(line, state))
            continue
        keyword, _, rest = line.partition(" ")
        rest = rest.strip()
        if keyword == ".PEN_DOWN":
            state.current = []
        elif keyword == ".PEN_UP":
            if state.current is not None:
                state.strokes.append(state.current)
            state.current = None
        elif keyword == ".COORD":
            state.columns = rest.upper().split() or ["X", "Y"]
        elif keyword == ".DT" and state.strokes:
            state.pauses[len(state.strokes) - 1] = float(rest.split()[0])
        elif keyword == ".POINTS_PER_SECOND":
            state.sample_rate = float(rest.split()[0])
        elif keyword in (".WRITER_ID", ".START_SET"):
            state.writer = rest.split()[0] if rest else ""
        elif keyword == ".SEGMENT":
            match = _SEGMENT.match(line)
            if match:
                state.segments.append((match.group(2), match.group(4), state.writer))
        elif keyword == ".COMMENT" and state.segments:
            # UCI dialect: ".COMMENT <label> <writer> <sample>" right after its segment.
            words = rest.split()
            delineation, label, _ = state.segments[-1]
            if len(words) == 3 and words[0] == label and all(w.isdigit() for w in words):
                state.segments[-1] = (delineation, label, words[1])
    samples = []
    for index, (delineation, label, writer) in enumerate(state.segments):
        numbers = [i for i in _stroke_indices(delineation) if i < len(state.strokes) and state.strokes[i]]
        if numbers:
            strokes = _continuous_time([state.strokes[i] for i in numbers], [state.pauses.get(i, 0.0) for i in numbers])
            samples.append(PenSample(label=label, writer=writer, strokes=strokes, index=index))
    return samples


def _continuous_time(strokes: list[list[Point]], pauses: list[float]) -> tuple[tuple[Point, ...], ...]:
    """Times from the sample's first point, each stroke starting after the previous one and its pause."""
    out, clock = [], 0.0
    for stroke, pause in zip(strokes, pauses, strict=True):
        offset = clock - stroke[0][2]
        moved = tuple((x, y, t + offset) for x, y, t in stroke)
        out.append(moved)
        clock = moved[-1][2] + pause
    return tuple(out)


def read_unipen(path: Path | str, *, points_per_second: float = 0.0) -> list[PenSample]:
    """parse_unipen() of a file (Latin-1: UNIPEN predates UTF-8 in most datasets)."""
    with open(path, encoding="latin-1") as file:
        return parse_unipen(file, points_per_second=points_per_second)
