"""Admin for model versions (compare, activate, roll back) and training runs (progress)."""

from django.contrib import admin, messages
from django.urls import path, reverse
from django.utils.html import format_html

from recognizer import admin_views
from recognizer.model_registry import activate_version, rollback_version
from recognizer.models import ModelVersion, TrainingRun


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
        "pen_writers_accuracy",
        "pen_worst",
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

    @admin.display(description="real-pen test writers")
    def pen_writers_accuracy(self, version: ModelVersion) -> str:
        accuracy = version.metrics.get("pen_test_accuracy")
        return f"{_percent(accuracy)} of {version.metrics['pen_test_count']}" if accuracy is not None else "—"

    @admin.display(description="pen: worst writer / worst digit")
    def pen_worst(self, version: ModelVersion) -> str:
        writer, digit = version.metrics.get("pen_test_worst_writer"), version.metrics.get("pen_test_worst_digit")
        if not writer or not digit:
            return "—"
        return f"writer {writer['writer']} {_percent(writer['accuracy'])} / {digit['digit']}: {_percent(digit['accuracy'])}"

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
    list_display = [
        "id",
        "status",
        "progress_bar",
        "params",
        "base_version",
        "version",
        "created_at",
        "heartbeat_at",
        "finished_at",
    ]
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
