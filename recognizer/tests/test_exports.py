import csv
import gzip
import io
import json
import shutil
import zipfile

import numpy as np
import pytest
from PIL import Image
from torchvision.datasets import MNIST

from recognizer.modelops.exports import DirectorySink, export, stream_zip
from recognizer.models import Drawing
from recognizer.reading.content import split_of
from recognizer.reading.selectors import labelled_drawings
from recognizer.tests.factories import make_drawing

pytestmark = pytest.mark.django_db


def _preview(rng) -> tuple[bytes, np.ndarray]:
    pixels = rng.integers(0, 256, (28, 28), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels, mode="L").save(buffer, format="PNG")
    return buffer.getvalue(), pixels


@pytest.fixture
def labelled(version):
    """40 staff-labelled drawings with distinct random pixels, plus ones that must not be exported."""
    rng = np.random.default_rng(0)
    expected = {}
    for i in range(40):
        png, pixels = _preview(rng)
        label = i % 10
        status = "confirmed" if label == 7 else "corrected"
        drawing = make_drawing(version, preview_png=png, label=label, label_source="staff", status=status)
        expected[drawing.pk] = (pixels, label)
    make_drawing(version, preview_png=_preview(rng)[0])  # unlabelled
    make_drawing(version, status="rejected")
    make_drawing(version, preview_png=_preview(rng)[0], label=3, label_source="drawer")  # drawer's suggestion
    return expected


def _split(pk: int) -> str:
    return split_of(Drawing.objects.get(pk=pk).input_sha256)


def _by_split(expected):
    split = {"train": [], "test": []}
    for pk in sorted(expected):
        split[_split(pk)].append(pk)
    return split


def test_idx_export_reads_back_with_torchvision_mnist(labelled, tmp_path):
    out = tmp_path / "export"
    list(export(labelled_drawings(), fmt="idx", sink=DirectorySink(out)))
    raw = tmp_path / "root" / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for file in out.glob("*.gz"):  # as torchvision's own download does: extract into raw/
        with gzip.open(file) as packed, (raw / file.stem).open("wb") as unpacked:
            shutil.copyfileobj(packed, unpacked)
    split = _by_split(labelled)
    assert split["train"] and split["test"]
    for name, train in (("train", True), ("test", False)):
        dataset = MNIST(str(tmp_path / "root"), train=train, download=False)
        ids = split[name]
        assert dataset.data.shape == (len(ids), 28, 28)
        assert np.array_equal(dataset.data.numpy(), np.stack([labelled[pk][0] for pk in ids]))
        assert dataset.targets.tolist() == [labelled[pk][1] for pk in ids]
    with gzip.open(out / "train-images-idx3-ubyte.gz") as images:
        assert int.from_bytes(images.read(4), "big") == 2051
    with gzip.open(out / "train-labels-idx1-ubyte.gz") as labels:
        assert int.from_bytes(labels.read(4), "big") == 2049


def test_npz_export_reads_back_with_numpy(labelled, tmp_path):
    list(export(labelled_drawings(), fmt="npz", sink=DirectorySink(tmp_path)))
    data = np.load(tmp_path / "drawings.npz")
    split = _by_split(labelled)
    for name in ("train", "test"):
        ids = split[name]
        assert data[f"ids_{name}"].tolist() == ids
        assert np.array_equal(data[f"x_{name}"], np.stack([labelled[pk][0] for pk in ids]))
        assert data[f"y_{name}"].tolist() == [labelled[pk][1] for pk in ids]


def test_png_export_writes_a_file_per_drawing_by_class_and_a_csv(labelled, tmp_path):
    list(export(labelled_drawings(), fmt="png", sink=DirectorySink(tmp_path)))
    rows = list(csv.DictReader((tmp_path / "drawings.csv").open()))
    assert sorted(int(r["id"]) for r in rows) == sorted(labelled)
    for row in rows:
        pixels, label = labelled[int(row["id"])]
        assert int(row["label"]) == label and row["split"] == _split(int(row["id"]))
        assert row["file"] == f"{row['split']}/{label}/{row['id']}.png"
        assert np.array_equal(np.asarray(Image.open(tmp_path / row["file"])), pixels)
        assert row["label_source"] == "staff"
        assert set(row) == {
            *("id", "split", "label", "label_source", "prediction", "confidence", "model_version", "created_at"),
            "file",
        }


@pytest.mark.parametrize("fmt", ["idx", "png", "npz", "parquet", "ndjson"])
def test_exports_are_reproducible_and_the_manifest_records_counts_and_checksums(labelled, fmt):
    first = b"".join(stream_zip(labelled_drawings(), fmt=fmt))
    second = b"".join(stream_zip(labelled_drawings(), fmt=fmt))
    assert first == second
    archive = zipfile.ZipFile(io.BytesIO(first))
    manifest = json.loads(archive.read("manifest.json"))
    split = _by_split(labelled)
    assert manifest["counts"]["train"]["total"] == len(split["train"])
    assert manifest["counts"]["test"]["total"] == len(split["test"])
    assert sum(c["per_label"]["3"] for c in manifest["counts"].values()) == 4
    import hashlib

    # Every file of the archive but the manifest itself is listed with its digest and size.
    assert set(manifest["files"]) == set(archive.namelist()) - {"manifest.json"}
    for name, entry in manifest["files"].items():
        data = archive.read(name)
        assert entry == {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    sheet = manifest["datasheet"]
    assert sheet["drawings"] == len(labelled)
    assert sheet["per_label_source"] == {"staff": len(labelled)}
    assert sheet["per_source"] == {"api": len(labelled)}
    assert sheet["created"]["first"] <= sheet["created"]["last"]


def test_only_trusted_labels_are_exported_and_drawer_labels_on_request(labelled):
    assert set(labelled_drawings().values_list("id", flat=True)) == set(labelled)
    with_drawers = set(labelled_drawings(include_drawer_labels=True).values_list("id", flat=True))
    extra = with_drawers - set(labelled)
    assert len(extra) == 1 and Drawing.objects.get(pk=extra.pop()).label_source == "drawer"


def test_large_exports_stream_in_many_chunks_none_holding_most_of_the_file(version, monkeypatch):
    import recognizer.modelops.export_formats as writers

    monkeypatch.setattr(writers, "BATCH", 20)
    rng = np.random.default_rng(1)
    for i in range(300):  # random pixels: the compressor cannot hide the data
        make_drawing(version, preview_png=_preview(rng)[0], label=i % 10, label_source="staff", status="corrected")
    chunks = list(stream_zip(labelled_drawings(), fmt="npz"))
    total = sum(map(len, chunks))
    assert total > 300 * 784
    assert len(chunks) >= 10 and max(map(len, chunks)) < total / 4


def test_export_command_writes_the_filtered_dataset(labelled, tmp_path):
    from django.core.management import CommandError, call_command

    call_command("export_drawings", "--format", "npz", "--out", str(tmp_path / "threes"), "--label", "3")
    data = np.load(tmp_path / "threes" / "drawings.npz")
    threes = sorted(pk for pk, (_, label) in labelled.items() if label == 3)
    assert sorted(data["ids_train"].tolist() + data["ids_test"].tolist()) == threes
    manifest = json.loads((tmp_path / "threes" / "manifest.json").read_text())
    assert manifest["selection"]["label"] == "3"
    with pytest.raises(CommandError):
        call_command("export_drawings", "--out", str(tmp_path / "threes"))  # not empty
    with pytest.raises(CommandError):
        call_command("export_drawings", "--out", str(tmp_path / "bad"), "--label", "12")


def test_export_api_is_staff_only_and_streams_the_filtered_zip(labelled, api, staff_api):
    assert api.get("/api/v1/exports/idx/").status_code == 403
    response = staff_api.get("/api/v1/exports/png/", {"label": 5, "include_drawer_labels": "true"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(csv.DictReader(io.StringIO(archive.read("drawings.csv").decode())))
    assert sorted(int(r["id"]) for r in rows) == sorted(pk for pk, (_, label) in labelled.items() if label == 5)
    assert staff_api.get("/api/v1/exports/idx/", {"label": "x"}).status_code == 400
    assert staff_api.get("/api/v1/exports/tar/").status_code == 404


@pytest.mark.parametrize("value", [["null"], ["yes"], ["1"], ["TRUE"], ["true", "true"]])
def test_the_drawer_labels_flag_takes_true_or_false_once(labelled, staff_api, value):
    response = staff_api.get("/api/v1/exports/png/", {"include_drawer_labels": value})
    assert response.status_code == 400 and response.json()["error"] == "invalid_request", response.content[:200]
    assert "include_drawer_labels: Send true or false, once." in response.json()["detail"], response.json()
    assert staff_api.get("/api/v1/exports/png/", {"include_drawer_labels": "false"}).status_code == 200


def test_admin_export_action_exports_exactly_the_labelled_part_of_the_selection(labelled, staff):
    chosen = sorted(labelled)[:6]
    unlabelled = Drawing.objects.filter(label__isnull=True).first()
    response = staff.post(
        "/admin/recognizer/drawing/", {"action": "export_npz", "_selected_action": [*chosen, unlabelled.pk]}
    )
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = np.load(io.BytesIO(archive.read("drawings.npz")))
    assert sorted(data["ids_train"].tolist() + data["ids_test"].tolist()) == chosen


def test_an_empty_selection_is_refused_everywhere_with_a_message(version, staff, staff_api, tmp_path):
    from django.core.management import CommandError, call_command

    from recognizer.modelops.exports import EmptyExportError

    unlabelled = make_drawing(version)
    with pytest.raises(EmptyExportError):
        export(labelled_drawings(), fmt="idx", sink=DirectorySink(tmp_path / "none"))
    assert not (tmp_path / "none").exists()  # refused before anything is written
    response = staff_api.get("/api/v1/exports/parquet/")
    assert response.status_code == 422 and response.json()["error"] == "empty_export"
    with pytest.raises(CommandError, match="nothing to export"):
        call_command("export_drawings", "--out", str(tmp_path / "cmd"))
    page = staff.post(
        "/admin/recognizer/drawing/", {"action": "export_parquet", "_selected_action": [unlabelled.pk]}, follow=True
    )
    assert page.status_code == 200 and "Nothing exported: none of the 1 drawing(s) selected has a staff label" in (
        page.content.decode()
    )


STROKES = [[[10, 20, 0], [12, 25, 16], [15, 31, 33]], [[40, 5, 120], [41, 50, 150]]]


@pytest.fixture
def with_strokes(version):
    rng = np.random.default_rng(5)
    drawings = []
    for i in range(30):
        drawings.append(
            make_drawing(
                version,
                digit=i % 10,
                preview_png=_preview(rng)[0],
                label=(i + 1) % 10,
                label_source="staff",
                status="corrected",
                strokes=STROKES if i % 3 else [[[1, 2], [3, 4]]],
            )
        )
    return drawings


def test_parquet_round_trips_every_field_with_pyarrow_pandas_and_datasets(with_strokes, tmp_path):
    import datasets
    import pandas as pd
    import pyarrow.parquet as pq

    list(export(labelled_drawings(), fmt="parquet", sink=DirectorySink(tmp_path)))
    frame = pd.concat([pd.read_parquet(tmp_path / f"{s}.parquet") for s in ("train", "test")]).set_index("id")
    assert pq.read_table(tmp_path / "train.parquet").num_rows + pq.read_table(tmp_path / "test.parquet").num_rows == 30
    for drawing in with_strokes:
        row = frame.loc[drawing.pk]
        assert row["label"] == drawing.label and row["label_source"] == "staff"
        assert row["split"] == _split(drawing.pk) and row["prediction"] == drawing.predicted_digit
        assert list(row["probabilities"]) == pytest.approx(drawing.probabilities)
        assert row["confidence"] == pytest.approx(drawing.confidence)
        assert row["model_version"] == version_name(drawing) and row["source"] == "api"
        assert row["created_at"] == pd.Timestamp(drawing.created_at)
        assert row["image"]["bytes"] == bytes(drawing.preview_png)
        stroke_lists = [[list(axis) for axis in stroke] for stroke in row["strokes"]]
        assert stroke_lists == [[[p[i] for p in s] for i in range(len(s[0]))] for s in drawing.strokes]

    loaded = datasets.load_dataset(
        "parquet",
        data_files={"train": str(tmp_path / "train.parquet"), "test": str(tmp_path / "test.parquet")},
        cache_dir=str(tmp_path / "hf-cache"),
    )
    assert loaded["train"].num_rows + loaded["test"].num_rows == 30
    assert isinstance(loaded["train"].features["image"], datasets.Image)
    assert loaded["train"].features["label"].names == [str(d) for d in range(10)]
    first = loaded["train"][0]
    drawing = next(d for d in with_strokes if d.pk == first["id"])
    assert first["image"].size == (28, 28)
    assert np.array_equal(np.asarray(first["image"]), np.asarray(Image.open(io.BytesIO(bytes(drawing.preview_png)))))
    assert first["label"] == drawing.label


def version_name(drawing) -> str:
    return drawing.model_version.name


def test_ndjson_strokes_round_trip_in_the_quick_draw_layout(with_strokes, tmp_path):
    list(export(labelled_drawings(), fmt="ndjson", sink=DirectorySink(tmp_path)))
    lines = [json.loads(line) for line in (tmp_path / "strokes.ndjson").read_text().splitlines()]
    assert len(lines) == 30
    by_id = {int(line["key_id"]): line for line in lines}
    for drawing in with_strokes:
        line = by_id[drawing.pk]
        # Quick, Draw!: per stroke [[x...], [y...], [t...]]; points without a time give [[x...], [y...]].
        back = [[list(point) for point in zip(*stroke, strict=True)] for stroke in line["drawing"]]
        assert back == drawing.strokes
        assert line["word"] == str(drawing.label) and line["label"] == drawing.label
        assert line["recognized"] is (drawing.predicted_digit == drawing.label)
        assert line["split"] == _split(drawing.pk) and line["label_source"] == "staff"
