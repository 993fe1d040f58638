"""Datasets of labelled drawings: MNIST IDX, PNG files + CSV, NPZ; streamed and reproducible.

Each writer is a generator that writes into a sink and yields after every batch, so the same
code fills a folder (management command) or streams a zip over HTTP with flat memory. The
images are the stored 28×28 previews: exactly what preprocess.py gave the network.
Same drawings → same bytes: fixed gzip and zip timestamps, rows ordered by id, no clock.
"""

import csv
import gzip
import hashlib
import io
import json
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from django.db.models import QuerySet
from PIL import Image

from recognizer.models import Drawing

FORMATS = ("idx", "png", "npz")
TEST_PERCENT = 10
BATCH = 1000
SPLITS = {"train": "train", "test": "t10k"}  # file prefixes torchvision's MNIST expects


def split_of(drawing_id: int) -> str:
    """ "train" or "test", fixed forever by a hash of the id: re-exports never leak test drawings."""
    digest = hashlib.sha256(f"digitsite-split:{drawing_id}".encode()).digest()
    return "test" if int.from_bytes(digest[:4], "big") % 100 < TEST_PERCENT else "train"


def pixels(preview_png: bytes) -> bytes:
    """The 784 grey levels of a stored 28×28 preview."""
    return Image.open(io.BytesIO(bytes(preview_png))).convert("L").tobytes()


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


def _rows(drawings: QuerySet[Drawing], ids: list[int]) -> Iterator[list[dict]]:
    fields = ("id", "label", "predicted_digit", "confidence", "model_version__name", "created_at", "preview_png")
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        yield list(drawings.filter(id__in=chunk).order_by("id").values(*fields))


def _gzip(sink, name: str):
    return gzip.GzipFile(filename="", mode="wb", fileobj=sink.open(name), mtime=0)


def _write_idx(drawings, splits: dict, labels: dict, sink) -> Iterator[None]:
    for split, ids in splits.items():
        prefix = SPLITS[split]
        with _gzip(sink, f"{prefix}-labels-idx1-ubyte.gz") as out:
            out.write(struct.pack(">II", 2049, len(ids)) + bytes(labels[i] for i in ids))
        with _gzip(sink, f"{prefix}-images-idx3-ubyte.gz") as out:
            out.write(struct.pack(">IIII", 2051, len(ids), 28, 28))
            for rows in _rows(drawings, ids):
                out.write(b"".join(pixels(row["preview_png"]) for row in rows))
                yield


def _write_png(drawings, splits: dict, labels: dict, sink) -> Iterator[None]:
    # One rolling digest over every image (not one entry each), so memory stays flat.
    images = hashlib.sha256()
    for split, ids in splits.items():
        for rows in _rows(drawings, ids):
            for row in rows:
                name = f"{split}/{row['label']}/{row['id']}.png"
                data = bytes(row["preview_png"])
                images.update(name.encode() + data)
                with sink.open(name, record=False) as out:
                    out.write(data)
            yield
    sink.checksums["*/*/*.png"] = {"sha256": images.hexdigest(), "files": sum(map(len, splits.values()))}
    fields = ("id", "label", "predicted_digit", "confidence", "model_version__name", "created_at")
    with io.TextIOWrapper(sink.open("drawings.csv"), encoding="utf-8", newline="") as manifest:
        table = csv.writer(manifest, lineterminator="\n")
        table.writerow(["id", "split", "label", "prediction", "confidence", "model_version", "created_at", "file"])
        for split, ids in splits.items():
            for start in range(0, len(ids), BATCH):
                for row in drawings.filter(id__in=ids[start : start + BATCH]).order_by("id").values(*fields):
                    table.writerow(
                        [
                            row["id"],
                            split,
                            row["label"],
                            row["predicted_digit"],
                            f"{row['confidence']:.6f}",
                            row["model_version__name"],
                            row["created_at"].isoformat(),
                            f"{split}/{row['label']}/{row['id']}.png",
                        ]
                    )
                yield


def _write_npz(drawings, splits: dict, labels: dict, sink) -> Iterator[None]:
    # An .npz is a zip of .npy files; each is a header and raw bytes, written as rows arrive.
    outer = sink.open("drawings.npz")
    inner = ZipSink(outer)
    for split, ids in splits.items():
        for kind, shape, dtype in (("y", (len(ids),), np.uint8), ("ids", (len(ids),), np.int64)):
            with inner.open(f"{kind}_{split}.npy") as out:
                np.lib.format.write_array(
                    out, np.array([labels[i] for i in ids] if kind == "y" else ids, dtype=dtype).reshape(shape)
                )
        with inner.open(f"x_{split}.npy") as out:
            header = {"descr": "|u1", "fortran_order": False, "shape": (len(ids), 28, 28)}
            np.lib.format.write_array_header_1_0(out, header)
            for rows in _rows(drawings, ids):
                out.write(b"".join(pixels(row["preview_png"]) for row in rows))
                yield
    inner.close()  # writes the inner zip's directory; the outer member is ours to close
    outer.close()


WRITERS = {"idx": _write_idx, "png": _write_png, "npz": _write_npz}


def export(drawings: QuerySet[Drawing], *, fmt: str, sink, description: dict | None = None) -> Iterator[None]:
    """Write `drawings` (each with a label) in `fmt` into `sink`, then manifest.json; yields as it goes."""
    if fmt not in WRITERS:
        raise ValueError(f"Unknown export format {fmt!r}; use one of {', '.join(FORMATS)}.")
    splits: dict[str, list[int]] = {"train": [], "test": []}
    labels: dict[int, int] = {}
    for pk, label in drawings.order_by("id").values_list("id", "label").iterator(chunk_size=5000):
        splits[split_of(pk)].append(pk)
        labels[pk] = label
    yield from WRITERS[fmt](drawings, splits, labels, sink)
    counts = {
        split: {"total": len(ids), "per_label": {str(d): sum(labels[i] == d for i in ids) for d in range(10)}}
        for split, ids in splits.items()
    }
    manifest = {
        "format": fmt,
        "test_percent": TEST_PERCENT,
        "counts": counts,
        "files": dict(sorted(sink.checksums.items())),
        "selection": description or {},
    }
    with sink.open("manifest.json") as out:
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
    """The export as a zip, produced a batch at a time for a streaming HTTP response."""
    chunks = _Chunks()
    for _ in export(drawings, fmt=fmt, sink=ZipSink(chunks), description=description):
        if data := chunks.take():
            yield data
    if data := chunks.take():
        yield data
