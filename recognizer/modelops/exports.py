"""Datasets of labelled drawings, streamed and reproducible, each with a manifest.

Formats (recognizer/modelops/export_formats.py): MNIST IDX, PNG files + CSV, NPZ, Parquet (pandas,
Hugging Face `datasets`) and the strokes as Quick, Draw! NDJSON. The same code fills a folder
(management command) or streams a zip over HTTP with flat memory. The images are the stored
28×28 previews: exactly what preprocess.py gave the network. Same drawings → same bytes:
fixed gzip and zip timestamps, rows ordered by id, no clock. Every manifest lists every
file's SHA-256 and a datasheet of what the selection holds.
"""

import hashlib
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Count, Max, Min, QuerySet

from recognizer.modelops.export_formats import WRITERS
from recognizer.models import Drawing
from recognizer.reading.content import TEST_PERCENT, digest_of_preview_png, split_of

FORMATS = tuple(WRITERS)
FORMAT_NAMES = {
    "idx": "MNIST IDX",
    "png": "PNG files + CSV",
    "npz": "NumPy NPZ",
    "parquet": "Parquet (pandas, Hugging Face datasets)",
    "ndjson": "strokes as Quick, Draw! NDJSON",
}


class EmptyExportError(ValueError):
    """The selection holds no labelled drawing: there is nothing to export."""


class _HashingWriter:
    """Counts and hashes what passes through; records it in `checksums` on close (if given)."""

    def __init__(self, raw, checksums: dict | None, name: str):
        self.raw, self.checksums, self.name, self.digest, self.size = raw, checksums, name, hashlib.sha256(), 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        return self.raw.write(data)

    def close(self) -> None:
        self.raw.close()
        if self.checksums is not None:
            self.checksums[self.name] = {"sha256": self.digest.hexdigest(), "bytes": self.size}

    def flush(self) -> None:
        self.raw.flush()

    def tell(self) -> int:
        return self.size

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    def seekable(self) -> bool:
        return False

    @property
    def closed(self) -> bool:
        return self.raw.closed

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class DirectorySink:
    """Write members as files under a folder."""

    def __init__(self, root: Path):
        self.root, self.checksums = Path(root), {}

    def open(self, name: str, record: bool = True) -> _HashingWriter:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return _HashingWriter(path.open("wb"), self.checksums if record else None, name)

    def close(self) -> None:
        pass


class ZipSink:
    """Write members into a zip on any writable stream (seeking not needed)."""

    def __init__(self, stream):
        self.zip, self.checksums = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED), {}

    def open(self, name: str, record: bool = True) -> _HashingWriter:
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        raw = self.zip.open(info, "w", force_zip64=True)
        return _HashingWriter(raw, self.checksums if record else None, name)

    def close(self) -> None:
        self.zip.close()


@dataclass
class ExportPlan:
    drawings: QuerySet[Drawing]
    splits: dict[str, list[int]]  # split -> ids, ascending
    labels: dict[int, int]


def plan_export(drawings: QuerySet[Drawing]) -> ExportPlan:
    """Which drawing goes to which split (by its network input's digest); refuses an empty selection."""
    splits: dict[str, list[int]] = {"train": [], "test": []}
    labels: dict[int, int] = {}
    rows = drawings.order_by("id").values_list("id", "label", "input_sha256")
    for pk, label, digest in rows.iterator(chunk_size=5000):
        if not digest:  # a row stored before digests existed and not migrated: compute it
            digest = digest_of_preview_png(Drawing.objects.values_list("preview_png", flat=True).get(pk=pk))
        splits[split_of(digest)].append(pk)
        labels[pk] = label
    if not labels:
        raise EmptyExportError("No labelled drawing in this selection: nothing to export.")
    return ExportPlan(drawings, splits, labels)


def datasheet(plan: ExportPlan) -> dict:
    """What the dataset holds: counts per split and label, source, label provenance, model version; dates."""
    selected = Drawing.objects.filter(pk__in=plan.drawings.values("pk"))

    def counts(field: str) -> dict:
        return {str(r[field]): r["n"] for r in selected.values(field).annotate(n=Count("id")).order_by(field)}

    dates = selected.aggregate(first=Min("created_at"), last=Max("created_at"))
    return {
        "drawings": len(plan.labels),
        "per_split": {
            split: {"total": len(ids), "per_label": {str(d): sum(plan.labels[i] == d for i in ids) for d in range(10)}}
            for split, ids in plan.splits.items()
        },
        "per_source": counts("source"),
        "per_label_source": counts("label_source"),
        "per_model_version": counts("model_version__name"),
        "with_strokes": selected.filter(strokes__isnull=False).count(),
        "created": {k: v.isoformat() if v else None for k, v in dates.items()},
        "split_rule": f"sha256 of the 28×28 network input; {TEST_PERCENT}% test",
        "images": "28×28 grey, white ink on black: the network input (ml/preprocess.py)",
        "labels": "staff reviews (label_source staff); drawers' suggestions only when asked (label_source drawer)",
    }


def export(drawings: QuerySet[Drawing], *, fmt: str, sink, description: dict | None = None) -> Iterator[None]:
    """Write `drawings` (each with a label) in `fmt` into `sink`, then manifest.json; yields as it goes.

    Raises EmptyExportError (before writing anything) when `drawings` is empty."""
    if fmt not in WRITERS:
        raise ValueError(f"Unknown export format {fmt!r}; use one of {', '.join(FORMATS)}.")
    plan = plan_export(drawings)
    return _write(plan, fmt, sink, description or {})


def _write(plan: ExportPlan, fmt: str, sink, description: dict) -> Iterator[None]:
    yield from WRITERS[fmt](plan, sink)
    sheet = datasheet(plan)
    manifest = {
        "format": fmt,
        "test_percent": TEST_PERCENT,
        "counts": sheet["per_split"],
        "datasheet": sheet,
        "files": dict(sorted(sink.checksums.items())),
        "selection": description,
    }
    with sink.open("manifest.json", record=False) as out:
        out.write(json.dumps(manifest, indent=2, sort_keys=True).encode())
    sink.close()
    yield


class _Chunks:
    """A write-only stream whose bytes are collected and handed out by take()."""

    def __init__(self):
        self.parts: list[bytes] = []
        self.position = 0

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def stream_zip(drawings: QuerySet[Drawing], *, fmt: str, description: dict | None = None) -> Iterator[bytes]:
    """The export as a zip, produced a batch at a time for a streaming HTTP response.

    Raises EmptyExportError at once (before any byte) when nothing is selected."""
    chunks = _Chunks()
    steps = export(drawings, fmt=fmt, sink=ZipSink(chunks), description=description)

    def generate() -> Iterator[bytes]:
        for _ in steps:
            if data := chunks.take():
                yield data
        if data := chunks.take():
            yield data

    return generate()
