"""The admin: staff review drawings fast and see where each model version fails."""

import base64

from django.contrib import admin, messages
from django.http import StreamingHttpResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from recognizer import admin_views
from recognizer.admin_filters import FILTERS
from recognizer.exports import FORMATS, stream_zip
from recognizer.model_registry import activate_version, rollback_version
from recognizer.models import Drawing, ModelVersion, TrainingRun
from recognizer.selectors import labelled_drawings
from recognizer.services import CONFIRM, REJECT, RESET, review_drawings


def _png_data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(bytes(png)).decode()


def _drawing_img(drawing: Drawing, style: str) -> str:
    """The submitted drawing, served by the staff-only image view, on white paper."""
    url = reverse("admin:recognizer_drawing_image", args=[drawing.pk])
    return format_html('<img src="{}" loading="lazy" alt="" style="background:#fff;{}">', url, style)


def _label_action(digit: int):
    def action(modeladmin, request, queryset):
        changed = review_drawings(queryset, reviewer=request.user, decision=digit)
        modeladmin.message_user(request, f"Labelled {changed} drawing(s) as {digit}.", messages.SUCCESS)

    action.__name__ = f"label_as_{digit}"
    return admin.action(description=f"Label as {digit}", permissions=["change"])(action)


def _export_action(fmt: str):
    def action(modeladmin, request, queryset):
        # Exactly the selection (or, with "select all", the current filter), limited to
        # drawings with a staff label: the others have no trustworthy answer to train on.
        selected = labelled_drawings().filter(pk__in=queryset.values("pk"))
        scope = "all matching the filter" if request.POST.get("select_across") == "1" else "selected"
        description = {"admin_selection": scope}
        response = StreamingHttpResponse(
            stream_zip(selected, fmt=fmt, description=description), content_type="application/zip"
        )
        response["Content-Disposition"] = f'attachment; filename="digitsite-{fmt}.zip"'
        return response

    action.__name__ = f"export_{fmt}"
    description = {"idx": "MNIST IDX", "png": "PNG files + CSV", "npz": "NumPy NPZ"}[fmt]
    return admin.action(description=f"Export staff-labelled drawings as {description} (zip)", permissions=["view"])(
        action
    )


@admin.action(description="Confirm the prediction as the label", permissions=["change"])
def confirm_predictions(modeladmin, request, queryset):
    changed = review_drawings(queryset, reviewer=request.user, decision=CONFIRM)
    modeladmin.message_user(request, f"Confirmed {changed} prediction(s).", messages.SUCCESS)


@admin.action(description="Reject as not a digit", permissions=["change"])
def reject_drawings(modeladmin, request, queryset):
    changed = review_drawings(queryset, reviewer=request.user, decision=REJECT)
    modeladmin.message_user(request, f"Rejected {changed} drawing(s).", messages.SUCCESS)


@admin.register(Drawing)
class DrawingAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "drawing_thumbnail",
        "preview_thumbnail",
        "predicted_digit",
        "confidence_percent",
        "label",
        "status",
        "model_version",
        "created_at",
    ]
    list_display_links = ["id", "drawing_thumbnail"]
    list_filter = FILTERS
    search_fields = ["=id"]
    search_help_text = "Search by drawing id."
    list_select_related = ["model_version"]
    list_per_page = 50
    show_full_result_count = False  # one COUNT less on large tables
    # What needs review first: "unreviewed" sorts last alphabetically, so descending puts it
    # first; then the least confident. Index drawing_review_queue serves exactly this order.
    ordering = ["-status", "confidence", "id"]
    actions = [
        confirm_predictions,
        reject_drawings,
        *(_label_action(d) for d in range(10)),
        *(_export_action(fmt) for fmt in FORMATS),
    ]
    fields = [
        "drawing_large",
        "preview_thumbnail",
        "probability_chart",
        "strokes_drawing",
        "label",
        "status",
        "predicted_digit",
        "confidence_percent",
        "model_version",
        "source",
        "label_source",
        "reviewed_by",
        "reviewed_at",
        "created_at",
    ]
    readonly_fields = [f for f in fields if f not in ("label", "status")]

    def has_add_permission(self, request):
        return False  # drawings only come from recognitions

    def get_queryset(self, request):
        return super().get_queryset(request).defer("strokes")

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("review/", view(admin_views.ReviewView.as_view(model_admin=self)), name="recognizer_drawing_review"),
            path("<int:pk>/image/", view(admin_views.drawing_image(self)), name="recognizer_drawing_image"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "review_url": reverse("admin:recognizer_drawing_review")}
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        """Edits of label or status are reviews: they go through the review service."""
        if not change or not {"label", "status"} & set(form.changed_data):
            return
        if obj.status == Drawing.Status.REJECTED:
            decision = REJECT
        elif obj.label is not None:
            decision = obj.label
        elif obj.status == Drawing.Status.CONFIRMED:
            decision = CONFIRM
        else:
            decision = RESET
        review_drawings(Drawing.objects.filter(pk=obj.pk), reviewer=request.user, decision=decision)
        obj.refresh_from_db()

    @admin.display(description="drawing")
    def drawing_thumbnail(self, drawing: Drawing) -> str:
        return _drawing_img(drawing, "width:56px;height:56px")

    @admin.display(description="network input")
    def preview_thumbnail(self, drawing: Drawing) -> str:
        return format_html(
            '<img src="{}" width="56" height="56" alt="" style="image-rendering:pixelated">',
            _png_data_url(drawing.preview_png),
        )

    @admin.display(description="confidence", ordering="confidence")
    def confidence_percent(self, drawing: Drawing) -> str:
        return f"{drawing.confidence:.1%}"

    @admin.display(description="drawing")
    def drawing_large(self, drawing: Drawing) -> str:
        return _drawing_img(drawing, "max-width:280px;border:1px solid #ccc")

    @admin.display(description="probabilities")
    def probability_chart(self, drawing: Drawing) -> str:
        return format_html_join(
            "",
            '<div style="display:flex;gap:6px;align-items:center;font-family:monospace">{}'
            '<span style="display:inline-block;height:10px;width:{}px;background:{}"></span>{}</div>',
            (
                (d, round(p * 240) + 1, "#2f6fed" if d == drawing.predicted_digit else "#9db4e8", f"{p:.1%}")
                for d, p in enumerate(drawing.probabilities)
            ),
        )

    @admin.display(description="strokes")
    def strokes_drawing(self, drawing: Drawing) -> str:
        return admin_views.strokes_svg(drawing.strokes) if drawing.strokes else "—"


@admin.action(description="Activate the selected version (answers every recognition from now on)")
def activate_selected(modeladmin, request, queryset):
    if queryset.count() != 1:
        modeladmin.message_user(request, "Select exactly one version to activate.", messages.ERROR)
        return
    version = activate_version(queryset.get())
    modeladmin.message_user(
        request, f"{version.name} is now active; web processes follow within seconds.", messages.SUCCESS
    )


@admin.action(description="Roll back to the version active before the current one")
def roll_back(modeladmin, request, queryset):
    version = rollback_version()
    if version is None:
        modeladmin.message_user(request, "No earlier active version to roll back to.", messages.ERROR)
    else:
        modeladmin.message_user(request, f"Rolled back: {version.name} is active again.", messages.SUCCESS)


def _percent(value) -> str:
    return f"{value:.2%}" if isinstance(value, int | float) else "—"


@admin.register(ModelVersion)
class ModelVersionAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "is_active",
        "mnist_accuracy",
        "drawings_accuracy",
        "drawings_trained_on",
        "created_at",
        "activated_at",
        "quality_link",
    ]
    readonly_fields = ["name", "checkpoint", "sha256", "metrics", "created_at", "is_active", "activated_at"]
    actions = [activate_selected, roll_back]

    def has_add_permission(self, request):
        return False  # versions come from the shipped weights and from training runs

    def get_urls(self):
        view = self.admin_site.admin_view(admin_views.QualityView.as_view(model_admin=self))
        return [path("<int:pk>/quality/", view, name="recognizer_modelversion_quality"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "retrain_url": reverse("admin:recognizer_trainingrun_start")}
        return super().changelist_view(request, extra_context)

    @admin.display(description="MNIST test accuracy")
    def mnist_accuracy(self, version: ModelVersion) -> str:
        return _percent(version.metrics.get("mnist_test_accuracy"))

    @admin.display(description="held-out drawings accuracy")
    def drawings_accuracy(self, version: ModelVersion) -> str:
        accuracy = version.metrics.get("drawings_test_accuracy")
        return f"{_percent(accuracy)} of {version.metrics['drawings_test_images']}" if accuracy is not None else "—"

    @admin.display(description="drawings trained on")
    def drawings_trained_on(self, version: ModelVersion):
        return version.metrics.get("drawings_train", 0)

    @admin.display(description="quality")
    def quality_link(self, version: ModelVersion) -> str:
        url = reverse("admin:recognizer_modelversion_quality", args=[version.pk])
        return format_html('<a href="{}">on reviewed drawings</a>', url)


@admin.register(TrainingRun)
class TrainingRunAdmin(admin.ModelAdmin):
    list_display = ["id", "status", "progress_bar", "params", "base_version", "version", "created_at", "finished_at"]
    list_filter = ["status"]
    list_select_related = ["base_version", "version"]
    readonly_fields = [f.name for f in TrainingRun._meta.fields]

    def has_add_permission(self, request):
        return False  # started with the "Retrain" form or `manage.py retrain`

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view(admin_views.RetrainView.as_view(model_admin=self))
        return [path("start/", view, name="recognizer_trainingrun_start"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        busy = TrainingRun.objects.filter(status__in=[TrainingRun.Status.QUEUED, TrainingRun.Status.RUNNING]).exists()
        extra = {"retrain_url": reverse("admin:recognizer_trainingrun_start"), "refresh_seconds": 5 if busy else None}
        return super().changelist_view(request, {**(extra_context or {}), **extra})

    @admin.display(description="progress")
    def progress_bar(self, run: TrainingRun) -> str:
        return format_html(
            '<progress value="{}" max="100"></progress> {}%', round(run.progress * 100), round(run.progress * 100)
        )
