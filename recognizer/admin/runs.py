"""Training runs in the admin: progress with ETA, the data a run used, warnings, and its curves."""

import io

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from recognizer.admin import pages
from recognizer.admin.formatting import count, duration, percent
from recognizer.modelops.runs import data_warnings
from recognizer.models import TrainingRun

METRIC_NAMES = {
    "mnist_test_accuracy": ("MNIST test accuracy", percent),
    "mnist_test_images": ("MNIST test images", count),
    "mnist_test_loss": ("MNIST test loss", lambda v: f"{v:.4f}"),
    "pen_test_accuracy": ("real-pen test writers accuracy", percent),
    "pen_test_count": ("real-pen test digits", count),
    "pen_train_renders": ("pen renders trained on", count),
    "drawings_test_accuracy": ("held-out drawings accuracy", percent),
    "drawings_test_images": ("held-out drawings", count),
    "drawings_train": ("drawings trained on", count),
    "train_images": ("images per epoch", count),
    "train_seconds": ("training time", duration),
}


def metrics_table(metrics: dict) -> str:
    """A version's or a run's metrics as a table, each number formatted the one way (never raw JSON)."""
    rows = [(label, show(metrics[key])) for key, (label, show) in METRIC_NAMES.items() if metrics.get(key) is not None]
    if not rows:
        return "—"
    body = format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows)
    return format_html('<table class="metrics">{}</table>', body)


def eta_seconds(run: TrainingRun) -> float | None:
    history, epochs = run.metrics.get("history") or [], run.metrics.get("epochs") or run.params.get("epochs")
    if run.status != TrainingRun.Status.RUNNING or not history or not epochs:
        return None
    per_epoch = sum(e["seconds"] for e in history) / len(history)
    return per_epoch * (epochs - len(history))


def curve_png(history: list[dict]) -> bytes:
    """Loss and accuracy per epoch, train and MNIST test, as a PNG (matplotlib, no display)."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 3), dpi=100, layout="constrained")
    loss, accuracy = figure.subplots(1, 2)
    epochs = [e["epoch"] for e in history]
    for axis, key, title in ((loss, "loss", "loss"), (accuracy, "accuracy", "accuracy")):
        axis.plot(epochs, [e[f"train_{key}"] for e in history], marker="o", label="train (augmented)")
        axis.plot(epochs, [e[f"test_{key}"] for e in history], marker="o", label="MNIST test")
        axis.set_title(title)
        axis.set_xlabel("epoch")
        axis.grid(alpha=0.3)
        if epochs:
            axis.set_xticks(epochs if len(epochs) <= 20 else epochs[:: max(1, len(epochs) // 10)])
    accuracy.legend(loc="lower right")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


@admin.register(TrainingRun)
class TrainingRunAdmin(admin.ModelAdmin):
    class Media:
        css = {"all": ["recognizer/admin.css"]}

    # The version a run produced before its data and base: at 1280 px the last columns scroll away.
    list_display = ["id", "status", "progress_bar", "settings", "version", "data", "base_version", "created_at"]
    list_filter = ["status"]
    list_select_related = ["base_version", "version"]
    fields = [
        "status",
        "progress_bar",
        "settings",
        "data",
        "warnings",
        "curve",
        "result",
        "base_version",
        "version",
        "requested_by",
        "created_at",
        "started_at",
        "heartbeat_at",
        "finished_at",
        "message",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # started with the "Retrain" form or `manage.py retrain`

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("start/", view(pages.RetrainView.as_view(model_admin=self)), name="recognizer_trainingrun_start"),
            path("<int:pk>/curve.png", view(self.curve_view), name="recognizer_trainingrun_curve"),
            *super().get_urls(),
        ]

    def _busy(self, run: TrainingRun | None = None) -> bool:
        active = [TrainingRun.Status.QUEUED, TrainingRun.Status.RUNNING]
        return run.status in active if run else TrainingRun.objects.filter(status__in=active).exists()

    def changelist_view(self, request, extra_context=None):
        extra = {
            "retrain_url": reverse("admin:recognizer_trainingrun_start"),
            "refresh_seconds": 5 if self._busy() else None,
        }
        return super().changelist_view(request, {**(extra_context or {}), **extra})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        run = TrainingRun.objects.filter(pk=object_id).first()
        extra = {"refresh_seconds": 5 if run and self._busy(run) else None}
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def curve_view(self, request, pk: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        run = get_object_or_404(TrainingRun, pk=pk)
        response = HttpResponse(curve_png(run.metrics.get("history") or []), content_type="image/png")
        response["Cache-Control"] = "no-store"
        return response

    @admin.display(description="progress")
    def progress_bar(self, run: TrainingRun) -> str:
        history = run.metrics.get("history") or []
        epochs = run.metrics.get("epochs") or run.params.get("epochs")
        eta = eta_seconds(run)
        detail = f"epoch {len(history)} of {epochs}" if epochs else ""
        if eta is not None:
            detail += f" · about {duration(eta)} left"
        return format_html(
            '<progress value="{}" max="100"></progress> {} <span class="help">{}</span>',
            round(run.progress * 100),
            percent(run.progress, 0),
            detail,
        )

    @admin.display(description="settings")
    def settings(self, run: TrainingRun) -> str:
        p = run.params
        parts = [f"{p.get('epochs')} epochs", "from scratch" if p.get("from_scratch") else "fine-tune"]
        parts += ["drawers' labels too"] if p.get("include_drawer_labels") else []
        text = ", ".join(parts)
        return format_html('{} <strong class="dry-run">dry run</strong>', text) if p.get("dry_run") else text

    @admin.display(description="data")
    def data(self, run: TrainingRun) -> str:
        m = run.metrics
        if m.get("drawings_train") is None:
            return "—"
        return (
            f"{count(m['drawings_train'])} drawings to train on, {count(m.get('drawings_test_images', 0))} held out; "
            f"{count(m.get('train_images'))} images an epoch; MNIST test {count(m.get('mnist_test_images'))}"
        )

    @admin.display(description="warnings")
    def warnings(self, run: TrainingRun) -> str:
        m = run.metrics
        if m.get("drawings_train") is None:
            return "—"
        found = data_warnings(drawings_train=m["drawings_train"], drawings_test=m.get("drawings_test_images", 0))
        if run.params.get("dry_run"):
            found.insert(0, "A dry run: a few batches per epoch and 500 MNIST test images; a pipeline check only.")
        if not found:
            return "none"
        return format_html_join("", '<p class="warning" style="color:#ba2121">{}</p>', ((w,) for w in found))

    @admin.display(description="loss and accuracy per epoch")
    def curve(self, run: TrainingRun) -> str:
        if not run.metrics.get("history"):
            return "— (after the first epoch)"
        url = reverse("admin:recognizer_trainingrun_curve", args=[run.pk])
        return format_html(
            '<img src="{}" width="800" height="300" style="max-width:100%;height:auto" alt="loss and accuracy per epoch">',
            url,
        )

    @admin.display(description="result")
    def result(self, run: TrainingRun) -> str:
        return metrics_table(run.metrics)
