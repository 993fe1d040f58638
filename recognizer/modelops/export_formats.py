"""The dataset formats: MNIST IDX, PNG + CSV, NPZ, Parquet, and strokes as Quick, Draw! NDJSON.

Each writer is a generator that writes into a sink and yields after every batch of rows
(recognizer/modelops/exports.py plans the export and writes the manifest around them).
"""

import csv
import gzip
import io
import json
from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ml.idx import images_header, labels_header
from recognizer.reading.content import pixels

BATCH = 1000
SPLITS = {"train": "train", "test": "t10k"}  # file prefixes torchvision's MNIST expects
ROW_FIELDS = (
    "id",
    "label",
    "label_source",
    "predicted_digit",
    "confidence",
    "probabilities",
    "model_version__name",
    "source",
    "created_at",
    "preview_png",
)


def rows(plan, ids: list[int], *, strokes: bool = False) -> Iterator[list[dict]]:
    """The drawings `ids` in id order, a batch at a time."""
    fields = (*ROW_FIELDS, "strokes") if strokes else ROW_FIELDS
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        yield list(plan.drawings.filter(id__in=chunk).order_by("id").values(*fields))


def quickdraw_strokes(strokes: list | None) -> list[list[list[float]]] | None:
    """Strokes in Quick, Draw!'s layout: per stroke [[x...], [y...]] plus [t...] when every point has a time."""
    if not strokes:
        return None
    result = []
    for stroke in strokes:
        xs, ys = [float(p[0]) for p in stroke], [float(p[1]) for p in stroke]
        timed = bool(stroke) and all(len(p) >= 3 for p in stroke)
        result.append([xs, ys, [float(p[2]) for p in stroke]] if timed else [xs, ys])
    return result


def _gzip_member(sink, name: str, data_parts) -> None:
    raw = sink.open(name)
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as out:
        for part in data_parts:
            out.write(part)
    raw.close()  # GzipFile leaves the stream it was given open: closing it records the checksum


def write_idx(plan, sink) -> Iterator[None]:
    for split, ids in plan.splits.items():
        prefix = SPLITS[split]
        _gzip_member(
            sink,
            f"{prefix}-labels-idx1-ubyte.gz",
            [labels_header(len(ids)) + bytes(plan.labels[i] for i in ids)],
        )
        raw = sink.open(f"{prefix}-images-idx3-ubyte.gz")
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as out:
            out.write(images_header(len(ids)))
            for batch in rows(plan, ids):
                out.write(b"".join(pixels(row["preview_png"]) for row in batch))
                yield
        raw.close()


def write_png(plan, sink) -> Iterator[None]:
    for split, ids in plan.splits.items():
        for batch in rows(plan, ids):
            for row in batch:
                with sink.open(f"{split}/{row['label']}/{row['id']}.png") as out:
                    out.write(bytes(row["preview_png"]))
            yield
    with io.TextIOWrapper(sink.open("drawings.csv"), encoding="utf-8", newline="") as manifest:
        table = csv.writer(manifest, lineterminator="\n")
        table.writerow(
            ["id", "split", "label", "label_source", "prediction", "confidence", "model_version", "created_at", "file"]
        )
        for split, ids in plan.splits.items():
            for batch in rows(plan, ids):
                for row in batch:
                    file = f"{split}/{row['label']}/{row['id']}.png"
                    table.writerow(
                        [
                            row["id"],
                            split,
                            row["label"],
                            row["label_source"],
                            row["predicted_digit"],
                            f"{row['confidence']:.6f}",
                            row["model_version__name"],
                            row["created_at"].isoformat(),
                            file,
                        ]
                    )
                yield


def write_npz(plan, sink) -> Iterator[None]:
    from recognizer.modelops.exports import ZipSink

    # An .npz is a zip of .npy files; each is a header and raw bytes, written as rows arrive.
    outer = sink.open("drawings.npz")
    inner = ZipSink(outer)
    for split, ids in plan.splits.items():
        for kind, dtype in (("y", np.uint8), ("ids", np.int64)):
            values = [plan.labels[i] for i in ids] if kind == "y" else ids
            with inner.open(f"{kind}_{split}.npy", record=False) as out:
                np.lib.format.write_array(out, np.array(values, dtype=dtype).reshape(len(ids)))
        with inner.open(f"x_{split}.npy", record=False) as out:
            header = {"descr": "|u1", "fortran_order": False, "shape": (len(ids), 28, 28)}
            np.lib.format.write_array_header_1_0(out, header)
            for batch in rows(plan, ids):
                out.write(b"".join(pixels(row["preview_png"]) for row in batch))
                yield
    inner.close()  # writes the inner zip's directory; the outer member is ours to close
    outer.close()


STROKES_TYPE = pa.list_(pa.list_(pa.list_(pa.float64())))
PARQUET_SCHEMA = pa.schema(
    [
        ("id", pa.int64()),
        ("image", pa.struct([("bytes", pa.binary()), ("path", pa.string())])),
        ("label", pa.int64()),
        ("label_source", pa.string()),
        ("split", pa.string()),
        ("prediction", pa.int64()),
        ("confidence", pa.float64()),
        ("probabilities", pa.list_(pa.float64())),
        ("model_version", pa.string()),
        ("source", pa.string()),
        ("created_at", pa.timestamp("us", tz="UTC")),
        ("strokes", STROKES_TYPE),
    ]
)


def _value(dtype: str) -> dict:
    return {"dtype": dtype, "_type": "Value"}


def _list(feature: dict) -> dict:
    return {"feature": feature, "_type": "List"}


# Hugging Face `datasets` reads these features from the file: `image` decodes to a PIL image
# and `label` is a class label, with no code on the reader's side.
HF_FEATURES = {
    "id": _value("int64"),
    "image": {"_type": "Image"},
    "label": {"names": [str(d) for d in range(10)], "_type": "ClassLabel"},
    "label_source": _value("string"),
    "split": _value("string"),
    "prediction": _value("int64"),
    "confidence": _value("float64"),
    "probabilities": _list(_value("float64")),
    "model_version": _value("string"),
    "source": _value("string"),
    "created_at": _value("timestamp[us, tz=UTC]"),
    "strokes": _list(_list(_list(_value("float64")))),
}


def write_parquet(plan, sink) -> Iterator[None]:
    """One Parquet file per split (`train.parquet`, `test.parquet`), a row group per batch."""
    schema = PARQUET_SCHEMA.with_metadata({"huggingface": json.dumps({"info": {"features": HF_FEATURES}})})
    for split, ids in plan.splits.items():
        out = sink.open(f"{split}.parquet")
        with pq.ParquetWriter(out, schema, compression="zstd") as writer:
            for batch in rows(plan, ids, strokes=True):
                columns = {
                    "id": [r["id"] for r in batch],
                    "image": [{"bytes": bytes(r["preview_png"]), "path": f"{r['id']}.png"} for r in batch],
                    "label": [r["label"] for r in batch],
                    "label_source": [r["label_source"] for r in batch],
                    "split": [split] * len(batch),
                    "prediction": [r["predicted_digit"] for r in batch],
                    "confidence": [r["confidence"] for r in batch],
                    "probabilities": [[float(p) for p in r["probabilities"]] for r in batch],
                    "model_version": [r["model_version__name"] for r in batch],
                    "source": [r["source"] for r in batch],
                    "created_at": [r["created_at"] for r in batch],
                    "strokes": [quickdraw_strokes(r["strokes"]) for r in batch],
                }
                writer.write_table(pa.table(columns, schema=schema))
                yield
            if not ids:
                writer.write_table(schema.empty_table())
        out.close()


def write_ndjson(plan, sink) -> Iterator[None]:
    """`strokes.ndjson`: one drawing per line in Quick, Draw!'s raw layout, for drawings that have strokes."""
    with sink.open("strokes.ndjson") as out:
        for split, ids in plan.splits.items():
            for batch in rows(plan, ids, strokes=True):
                for r in batch:
                    drawing = quickdraw_strokes(r["strokes"])
                    if drawing is None:
                        continue
                    line = {
                        "key_id": str(r["id"]),
                        "word": str(r["label"]),
                        "recognized": r["predicted_digit"] == r["label"],
                        "timestamp": r["created_at"].isoformat(),
                        "drawing": drawing,
                        "label": r["label"],
                        "label_source": r["label_source"],
                        "split": split,
                    }
                    out.write((json.dumps(line, separators=(",", ":")) + "\n").encode())
                yield


WRITERS = {"idx": write_idx, "png": write_png, "npz": write_npz, "parquet": write_parquet, "ndjson": write_ndjson}
