"""The retraining loop end to end: queue a run, the real task worker trains, staff activate."""

import os
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from ml.checkpoint import load_checkpoint
from ml.training.config import FINE_TUNE_MAX_LR
from recognizer.modelops.registry import activate_version, rollback_version
from recognizer.modelops.runs import start_retraining
from recognizer.models import ModelVersion, TrainingRun
from recognizer.reading.active_model import register_shipped_weights
from recognizer.tests.factories import make_drawing
from testing.images import data_url
from testing.processes import subprocess_database_url

ROOT = Path(__file__).resolve().parents[2]


def _run_worker(media: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": subprocess_database_url(),
        "MEDIA_ROOT": str(media),
        "DJANGO_SETTINGS_MODULE": "digitsite.settings",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.system
@pytest.mark.django_db(transaction=True)
def test_a_queued_run_trains_in_the_real_worker_and_registers_an_inactive_version(
    isolated_media, canvas_digit, mnist_digits
):
    shipped = register_shipped_weights()
    images, labels = mnist_digits
    for index in range(40):  # labelled drawings whose previews are real MNIST digits
        buffer = BytesIO()
        Image.fromarray(images[index]).save(buffer, format="PNG")
        make_drawing(
            shipped, preview_png=buffer.getvalue(), label=int(labels[index]), label_source="staff", status="corrected"
        )

    run = start_retraining(epochs=2, dry_run=True)
    assert run.status == "queued" and run.base_version == shipped
    worker = _run_worker(isolated_media)
    assert worker.returncode == 0, worker.stderr[-2000:]

    run.refresh_from_db()
    assert run.status == "succeeded", run.message
    assert run.progress == 1.0 and run.started_at and run.finished_at
    assert run.started_at <= run.heartbeat_at <= run.finished_at
    version = run.version
    assert version is not None and not version.is_active
    assert version.metrics["drawings_train"] + version.metrics["drawings_test_images"] == 40
    assert 0 <= version.metrics["drawings_test_accuracy"] <= 1
    assert version.metrics["mnist_test_images"] == 500
    assert ModelVersion.objects.get(is_active=True) == shipped
    with version.checkpoint.open("rb") as checkpoint:
        recorded = load_checkpoint(checkpoint.read()).metadata["train_config"]
    # It fine-tuned the active weights, at the lower peak rate that keeps what they learned.
    assert recorded["base_version"] == shipped.name and recorded["max_lr"] == FINE_TUNE_MAX_LR


@pytest.mark.django_db
def test_activation_switches_what_the_api_answers_and_rollback_restores_it(api, canvas_digit, settings):
    settings.MODEL_REFRESH_SECONDS = 0
    shipped = register_shipped_weights()
    image = data_url(canvas_digit(70)[0])
    assert (
        api.post("/api/v1/recognitions/", {"image_data": image}, format="json").json()["model_version"] == shipped.name
    )

    # A second real checkpoint: the shipped weights with one bias nudged.
    import torch

    from ml.checkpoint import checkpoint_bytes, load_checkpoint
    from recognizer.reading.active_model import register_checkpoint

    model = load_checkpoint(settings.SHIPPED_WEIGHTS.read_bytes()).model
    with torch.no_grad():
        model.output.bias[0] += 0.01
    data, _ = checkpoint_bytes(model, name="nudged", metrics={}, train_config={})
    nudged = register_checkpoint(data)
    assert not nudged.is_active

    activate_version(nudged)
    assert (
        api.post("/api/v1/recognitions/", {"image_data": image}, format="json").json()["model_version"] == nudged.name
    )
    assert rollback_version() == shipped
    assert (
        api.post("/api/v1/recognitions/", {"image_data": image}, format="json").json()["model_version"] == shipped.name
    )
    assert ModelVersion.objects.filter(is_active=True).count() == 1


@pytest.mark.django_db
def test_a_failed_run_records_why(isolated_media, monkeypatch):
    register_shipped_weights()
    import recognizer.modelops.tasks as tasks

    monkeypatch.setattr(tasks, "load_training_data", lambda args: (_ for _ in ()).throw(FileNotFoundError("no MNIST")))
    run = TrainingRun.objects.create(params={"epochs": 1, "dry_run": True})
    assert tasks.retrain.call(run.pk) is None
    run.refresh_from_db()
    assert run.status == "failed" and "no MNIST" in run.message


def test_retraining_refuses_silly_epoch_counts():
    with pytest.raises(ValueError):
        start_retraining(epochs=0)


@pytest.mark.django_db
def test_admin_retrain_button_queues_a_run_and_lists_its_progress(staff, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    shipped = register_shipped_weights()
    assert staff.get("/admin/recognizer/trainingrun/start/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post("/admin/recognizer/trainingrun/start/", {"epochs": "3", "dry_run": "on"})
    assert response.status_code == 302
    run = TrainingRun.objects.get()
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "recognizer.modelops.tasks.retrain" and queued.args_kwargs["args"] == [run.pk]
    assert run.params == {"epochs": 3, "from_scratch": False, "include_drawer_labels": False, "dry_run": True}
    assert run.base_version == shipped and run.status == "queued"
    page = staff.get("/admin/recognizer/trainingrun/")
    assert b'http-equiv="refresh"' in page.content and b"<progress" in page.content
    assert staff.post("/admin/recognizer/trainingrun/start/", {"epochs": "0"}).status_code == 200  # form error
    assert TrainingRun.objects.count() == 1


@pytest.mark.django_db
def test_admin_activates_a_version_and_rolls_back(staff, settings):
    from recognizer.tests.test_versions import nudged_checkpoint

    shipped = register_shipped_weights()
    metrics = {"mnist_test_accuracy": 0.99, "drawings_test_accuracy": 0.5, "drawings_test_images": 8}
    other = nudged_checkpoint(settings, "other", metrics={**metrics, "drawings_train": 70, "mnist_test_images": 10000})
    page = staff.get("/admin/recognizer/modelversion/").content.decode()
    assert "99.00% of 10,000" in page and "50.00% of 8" in page and "Retrain" in page
    staff.post(f"/admin/recognizer/modelversion/{other.pk}/compare/", {"reason": "better on pen digits"})
    assert ModelVersion.objects.get(is_active=True) == other
    page = staff.get("/admin/recognizer/modelversion/").content.decode()
    assert f"Roll back to {shipped.name}" in page
    staff.post("/admin/recognizer/modelversion/rollback/", {"reason": "drawers complained"})
    assert ModelVersion.objects.get(is_active=True) == shipped


@pytest.mark.django_db
def test_retrain_command_queues_a_run(monkeypatch):
    from django.core.management import CommandError, call_command

    register_shipped_weights()
    call_command("retrain", "--epochs", "2", "--from-scratch", "--dry-run")
    run = TrainingRun.objects.get()
    assert run.params["from_scratch"] and run.base_version is None
    with pytest.raises(CommandError):
        call_command("retrain", "--epochs", "0")


@pytest.mark.django_db
def test_a_version_activated_by_another_process_is_picked_up_after_the_refresh_interval(api, canvas_digit, settings):
    import time

    from ml.checkpoint import checkpoint_bytes, load_checkpoint
    from recognizer.reading.active_model import register_checkpoint

    settings.MODEL_REFRESH_SECONDS = 0.5
    shipped = register_shipped_weights()
    image = {"image_data": data_url(canvas_digit(71)[0])}
    model = load_checkpoint(settings.SHIPPED_WEIGHTS.read_bytes()).model
    model.output.bias.data[1] += 0.01
    other = register_checkpoint(checkpoint_bytes(model, name="other", metrics={}, train_config={})[0])
    assert api.post("/api/v1/recognitions/", image, format="json").json()["model_version"] == shipped.name

    # What another process's activation looks like from here: only the database changes.
    ModelVersion.objects.filter(pk=shipped.pk).update(is_active=False)
    ModelVersion.objects.filter(pk=other.pk).update(is_active=True)
    assert api.post("/api/v1/recognitions/", image, format="json").json()["model_version"] == shipped.name  # cached
    time.sleep(0.6)
    assert api.post("/api/v1/recognitions/", image, format="json").json()["model_version"] == other.name


@pytest.mark.django_db
def test_register_model_stores_a_checkpoint_file_and_refuses_anything_else(settings, tmp_path):
    from django.core.management import CommandError, call_command

    call_command("register_model", str(settings.SHIPPED_WEIGHTS), "--name", "offline-run", "--activate")
    version = ModelVersion.objects.get()
    assert version.name == "offline-run" and version.is_active

    not_a_checkpoint = tmp_path / "notes.pt"
    not_a_checkpoint.write_bytes(b"not a checkpoint")
    with pytest.raises(CommandError, match="not a usable checkpoint"):
        call_command("register_model", str(not_a_checkpoint))
    with pytest.raises(CommandError, match="No such file"):
        call_command("register_model", str(tmp_path / "missing.pt"))
    assert ModelVersion.objects.count() == 1


@pytest.mark.django_db
def test_a_run_whose_worker_stopped_is_marked_failed_and_a_live_one_is_left_alone():
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    now = timezone.now()
    lost = TrainingRun.objects.create(
        status="running", started_at=now - timedelta(hours=1), heartbeat_at=now - timedelta(minutes=40)
    )
    alive = TrainingRun.objects.create(
        status="running", started_at=now - timedelta(hours=1), heartbeat_at=now - timedelta(minutes=2)
    )
    queued = TrainingRun.objects.create(status="queued")
    call_command("fail_stalled_runs", "--minutes", "15")
    lost.refresh_from_db()
    assert lost.status == "failed" and "worker stopped" in lost.message and lost.finished_at
    assert TrainingRun.objects.get(pk=alive.pk).status == "running"
    assert TrainingRun.objects.get(pk=queued.pk).status == "queued"
