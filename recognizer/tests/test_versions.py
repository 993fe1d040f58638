"""Versions staff can judge: dry runs never serve, comparisons on the same data, an audit trail."""

import re
from io import BytesIO

import pytest
import torch
from django.db import IntegrityError
from PIL import Image

from ml.checkpoint import checkpoint_bytes, load_checkpoint
from ml.inference import Predictor
from ml.preprocess import normalise
from recognizer.modelops.registry import ActivationRefusedError, activate_version, rollback_version
from recognizer.models import Activation, ModelVersion, TrainingRun
from recognizer.reading.active_model import register_checkpoint, register_shipped_weights
from recognizer.reading.content import digest_of_preview_png, split_of
from recognizer.tests.factories import make_drawing, make_version

pytestmark = pytest.mark.django_db


def nudged_checkpoint(settings, name: str, *, bias: float = 0.01, metrics: dict | None = None, **kwargs):
    """A real checkpoint: the shipped weights with the bias of digit 0 raised by `bias`."""
    model = load_checkpoint(settings.SHIPPED_WEIGHTS.read_bytes()).model
    with torch.no_grad():
        model.output.bias[0] += bias
    data, _ = checkpoint_bytes(model, name=name, metrics=metrics or {}, train_config={})
    return register_checkpoint(data, name=name, **kwargs)


def test_the_version_list_tells_retrained_versions_from_the_shipped_weights(staff):
    # Both carry ml.training.train's metrics (train_seconds); only one was produced by a run here.
    make_version("shipped-one", metrics={"train_seconds": 300.0})
    retrained = make_version("retrain-5-abc", metrics={"train_seconds": 40.0})
    TrainingRun.objects.create(status="succeeded", params={"epochs": 1}, version=retrained)
    rows = re.findall(r"<tr>.*?</tr>", staff.get("/admin/recognizer/modelversion/").content.decode(), re.S)
    kinds = {
        name: kind
        for row in rows
        for name, kind in re.findall(r'>(shipped-one|retrain-5-abc)<.*?field-kind">([^<]+)<', row, re.S)
    }
    assert kinds == {"shipped-one": "shipped or registered", "retrain-5-abc": "retrained here"}


def test_a_dry_run_can_never_be_activated(settings, staff):
    shipped = register_shipped_weights()
    dry = nudged_checkpoint(settings, "retrain-9-dry", dry_run=True)
    with pytest.raises(ActivationRefusedError):
        activate_version(dry)
    page = staff.get(f"/admin/recognizer/modelversion/{dry.pk}/compare/").content.decode()
    assert 'data-testid="activation-refused"' in page and 'id="activate-form"' not in page
    response = staff.post(f"/admin/recognizer/modelversion/{dry.pk}/compare/", {"confirm": "yes", "reason": "x"})
    assert response.status_code == 400 and "A dry run cannot be activated" in response.content.decode()
    assert ModelVersion.objects.get(is_active=True) == shipped and not Activation.objects.exists()
    with pytest.raises(IntegrityError):  # and the database itself refuses it
        ModelVersion.objects.filter(pk=dry.pk).update(is_active=True, is_dry_run=True)


def test_dry_runs_are_marked_and_hidden_from_the_default_list(staff):
    make_version("real-one", metrics={"mnist_test_accuracy": 0.9951, "mnist_test_images": 10000})
    dry = make_version("retrain-3-abc", metrics={"mnist_test_accuracy": 0.996, "mnist_test_images": 500})
    ModelVersion.objects.filter(pk=dry.pk).update(is_dry_run=True)
    default = staff.get("/admin/recognizer/modelversion/").content.decode()
    assert "real-one" in default and "99.51% of 10,000" in default and "retrain-3-abc" not in default
    dry_list = staff.get("/admin/recognizer/modelversion/?kind=dry").content.decode()
    assert "retrain-3-abc" in dry_list and "99.60% of 500" in dry_list and "dry run" in dry_list
    assert "real-one" not in dry_list


def _reviewed_mnist_drawings(version, mnist_digits, count: int) -> list:
    images, labels = mnist_digits
    drawings = []
    for index in range(count):
        buffer = BytesIO()
        Image.fromarray(images[index]).save(buffer, format="PNG")
        label = int(labels[index])
        drawings.append(
            make_drawing(version, preview_png=buffer.getvalue(), label=label, label_source="staff", status="corrected")
        )
    return drawings


def test_the_comparison_lists_exactly_the_reviewed_drawings_whose_answer_changes(settings, staff, mnist_digits):
    shipped = register_shipped_weights()
    drawings = _reviewed_mnist_drawings(shipped, mnist_digits, 120)
    candidate = nudged_checkpoint(settings, "candidate", bias=5.0)  # some answers become 0

    images = torch.from_numpy(mnist_digits[0][:120])
    before = Predictor.from_checkpoint(shipped.checkpoint.open("rb").read())
    after = Predictor.from_checkpoint(candidate.checkpoint.open("rb").read())
    old = before.probabilities(normalise(images).unsqueeze(1)).argmax(1).tolist()
    new = after.probabilities(normalise(images).unsqueeze(1)).argmax(1).tolist()
    expected = {d.pk for d, a, b in zip(drawings, old, new, strict=True) if a != b}
    assert 0 < len(expected) < 120

    page = staff.get(f"/admin/recognizer/modelversion/{candidate.pk}/compare/").content.decode()

    def listed(html: str) -> set[int]:
        return {int(pk) for pk in re.findall(r'<li data-drawing="(\d+)">', html)}

    assert listed(page) == expected
    rows = list(zip(drawings, old, new, strict=True))
    for kind, rule in (("fixed", lambda d, a, b: b == d.label), ("broken", lambda d, a, b: a == d.label)):
        section = page.split(f'data-kind="{kind}"')[1].split("</ul>")[0] if f'data-kind="{kind}"' in page else ""
        assert listed(section) == {d.pk for d, a, b in rows if a != b and rule(d, a, b)}
    assert "MNIST test set" in page and "10,000" in page and "real-pen test writers (6 people" in page
    held_out = sum(split_of(digest_of_preview_png(bytes(d.preview_png))) == "test" for d in drawings)
    assert f"<td>held-out reviewed drawings (test split)</td><td>{held_out}</td>" in page


def test_activating_a_version_worse_on_held_out_drawings_asks_and_records_who_and_why(
    settings, staff, staff_user, mnist_digits
):
    shipped = register_shipped_weights()
    _reviewed_mnist_drawings(shipped, mnist_digits, 200)
    worse = nudged_checkpoint(settings, "worse", bias=5.5)
    url = f"/admin/recognizer/modelversion/{worse.pk}/compare/"
    page = staff.get(url).content.decode()
    assert "Worse on held-out reviewed drawings" in page and 'name="confirm"' in page

    refused = staff.post(url, {"reason": "trying"})
    assert refused.status_code == 400 and "tick the confirmation and say why" in refused.content.decode()
    assert ModelVersion.objects.get(is_active=True) == shipped

    staff.post(url, {"confirm": "yes", "reason": "the pen writers read better"})
    assert ModelVersion.objects.get(is_active=True) == worse
    record = Activation.objects.get()
    assert (record.kind, record.from_version, record.to_version, record.user) == (
        "activate",
        shipped,
        worse,
        staff_user,
    )
    assert record.reason == "the pen writers read better" and record.worse_on_held_out


def test_every_activation_and_rollback_is_in_the_audit_trail(settings, staff_user, staff):
    shipped = register_shipped_weights()
    second = nudged_checkpoint(settings, "second")
    activate_version(second, user=staff_user, reason="better")
    assert rollback_version(user=staff_user, reason="worse in practice") == shipped
    trail = list(Activation.objects.order_by("id").values_list("kind", "from_version", "to_version", "reason"))
    assert trail == [
        ("activate", shipped.pk, second.pk, "better"),
        ("rollback", second.pk, shipped.pk, "worse in practice"),
    ]
    page = staff.get("/admin/recognizer/activation/").content.decode()
    assert "worse in practice" in page and "second" in page


def test_a_run_page_shows_progress_eta_data_counts_warnings_and_its_curve(staff):
    history = [
        {
            "epoch": e,
            "train_loss": 1 / e,
            "train_accuracy": 0.9,
            "test_loss": 0.5 / e,
            "test_accuracy": 0.95,
            "seconds": 6.0,
        }
        for e in (1, 2)
    ]
    run = TrainingRun.objects.create(
        status="running",
        progress=0.2,
        params={"epochs": 10, "dry_run": False},
        metrics={
            "epochs": 10,
            "history": history,
            "drawings_train": 5,
            "drawings_test_images": 2,
            "train_images": 60050,
            "mnist_test_images": 10000,
        },
    )
    page = staff.get(f"/admin/recognizer/trainingrun/{run.pk}/change/").content.decode()
    assert "epoch 2 of 10 · about 48 s left" in page and "20%" in page
    assert "5 drawings to train on, 2 held out; 60,050 images an epoch; MNIST test 10,000" in page
    assert "Only 2 held-out drawing(s)" in page and "50.0 percentage points" in page
    assert "Only 5 labelled drawing(s) to train on" in page
    assert 'http-equiv="refresh"' in page
    curve = staff.get(f"/admin/recognizer/trainingrun/{run.pk}/curve.png")
    assert curve["Content-Type"] == "image/png"
    image = Image.open(BytesIO(b"".join([curve.content])))
    assert image.size == (800, 300)


def test_activation_messages_keep_the_version_name_as_written(settings, staff):
    register_shipped_weights()
    version = nudged_checkpoint(settings, "retrain-1-abcdef12")
    page = staff.post(f"/admin/recognizer/modelversion/{version.pk}/compare/", {"reason": ""}, follow=True)
    text = page.content.decode()
    assert "retrain-1-abcdef12" in text and "Retrain-1-" not in text
