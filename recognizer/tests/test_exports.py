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

from recognizer.exports import DirectorySink, export, split_of, stream_zip
from recognizer.models import Drawing
from recognizer.selectors import labelled_drawings
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


def _by_split(expected):
    split = {"train": [], "test": []}
    for pk in sorted(expected):
        split[split_of(pk)].append(pk)
    return split


def test_split_is_a_fixed_function_of_the_id_with_about_a_tenth_held_out():
    splits = [split_of(pk) for pk in range(1, 20001)]
    assert splits == [split_of(pk) for pk in range(1, 20001)]
    assert 0.08 < splits.count("test") / len(splits) < 0.12


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
        assert int(row["label"]) == label and row["split"] == split_of(int(row["id"]))
        assert row["file"] == f"{row['split']}/{label}/{row['id']}.png"
        assert np.array_equal(np.asarray(Image.open(tmp_path / row["file"])), pixels)
        assert set(row) == {"id", "split", "label", "prediction", "confidence", "model_version", "created_at", "file"}


@pytest.mark.parametrize("fmt", ["idx", "png", "npz"])
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
    for name, entry in manifest["files"].items():
        if "bytes" in entry:
            import hashlib

            assert hashlib.sha256(archive.read(name)).hexdigest() == entry["sha256"]


def test_only_trusted_labels_are_exported_and_drawer_labels_on_request(labelled):
    assert set(labelled_drawings().values_list("id", flat=True)) == set(labelled)
    with_drawers = set(labelled_drawings(include_drawer_labels=True).values_list("id", flat=True))
    extra = with_drawers - set(labelled)
    assert len(extra) == 1 and Drawing.objects.get(pk=extra.pop()).label_source == "drawer"


def test_large_exports_stream_in_many_chunks_none_holding_most_of_the_file(version, monkeypatch):
    import recognizer.exports as exports

    monkeypatch.setattr(exports, "BATCH", 20)
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


def test_admin_export_action_exports_exactly_the_labelled_part_of_the_selection(labelled, staff):
    chosen = sorted(labelled)[:6]
    unlabelled = Drawing.objects.filter(label__isnull=True).first()
    response = staff.post(
        "/admin/recognizer/drawing/", {"action": "export_npz", "_selected_action": [*chosen, unlabelled.pk]}
    )
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = np.load(io.BytesIO(archive.read("drawings.npz")))
    assert sorted(data["ids_train"].tolist() + data["ids_test"].tolist()) == chosen
