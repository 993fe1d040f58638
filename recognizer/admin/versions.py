"""Admin for model versions (compare, activate, roll back, audit) and training runs (progress)."""

from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html

from recognizer.admin import compare, pages, runs
from recognizer.admin.formatting import count, percent, share
from recognizer.modelops.registry import rollback_target
from recognizer.models import Activation, ModelVersion, TrainingRun


@admin.action(description="Compare with the active version (and activate from there)")
def compare_selected(modeladmin, request, queryset):
    if queryset.count() != 1:
        modeladmin.message_user(request, "Select exactly one version to compare.", messages.ERROR)
        return None
    return redirect(reverse("admin:recognizer_modelversion_compare", args=[queryset.get().pk]))


class KindFilter(admin.SimpleListFilter):
    """Dry runs (pipeline checks) stay out of the list unless asked for."""

    title = "kind"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [("dry", "dry runs only"), ("all", "all, dry runs too")]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "real versions",
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == "dry":
            return queryset.filter(is_dry_run=True)
        if self.value() == "all":
            return queryset
        return queryset.filter(is_dry_run=False)


def metric_share(version: ModelVersion, accuracy: str, images: str) -> str:
    return share(version.metrics.get(accuracy), version.metrics.get(images))


@admin.register(ModelVersion)
class ModelVersionAdmin(admin.ModelAdmin):
    class Media:
        css = {"all": ["recognizer/admin.css"]}

    list_display = [
        "name",
        "kind",
        "is_active",
        "mnist_accuracy",
        "pen_writers_accuracy",
        "pen_worst",
        "drawings_accuracy",
        "drawings_trained_on",
        "links",  # before the dates: at 1280 px the dates are the columns scrolled out of sight
        "created_at",
        "activated_at",
    ]
    list_filter = [KindFilter]
    readonly_fields = [
        "name",
        "kind",
        "checkpoint",
        "sha256",
        "metrics_table",
        "created_at",
        "is_active",
        "activated_at",
    ]
    exclude = ["metrics", "is_dry_run"]
    actions = [compare_selected]

    def has_add_permission(self, request):
        return False  # versions come from the shipped weights and from training runs

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(from_run=Exists(TrainingRun.objects.filter(version=OuterRef("pk"))))
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/quality/",
                view(pages.QualityView.as_view(model_admin=self)),
                name="recognizer_modelversion_quality",
            ),
            path(
                "<int:pk>/compare/",
                view(compare.CompareView.as_view(model_admin=self)),
                name="recognizer_modelversion_compare",
            ),
            path(
                "rollback/",
                view(compare.RollbackView.as_view(model_admin=self)),
                name="recognizer_modelversion_rollback",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra = {
            "retrain_url": reverse("admin:recognizer_trainingrun_start"),
            "rollback_url": reverse("admin:recognizer_modelversion_rollback"),
            "rollback_to": rollback_target(),
            "audit_url": reverse("admin:recognizer_activation_changelist"),
        }
        return super().changelist_view(request, {**(extra_context or {}), **extra})

    @admin.display(description="kind", ordering="is_dry_run")
    def kind(self, version: ModelVersion) -> str:
        if version.is_dry_run:
            return format_html('<strong class="dry-run" style="color:#ba2121">{}</strong> (never served)', "dry run")
        # Every checkpoint ml.training.train writes has train_seconds, the shipped weights too: what tells
        # them apart is whether a training run here produced the version.
        return "retrained here" if version.from_run else "shipped or registered"

    @admin.display(description="MNIST test accuracy")
    def mnist_accuracy(self, version: ModelVersion) -> str:
        return metric_share(version, "mnist_test_accuracy", "mnist_test_images")

    @admin.display(description="real-pen test writers")
    def pen_writers_accuracy(self, version: ModelVersion) -> str:
        return metric_share(version, "pen_test_accuracy", "pen_test_count")

    @admin.display(description="pen: worst writer / worst digit")
    def pen_worst(self, version: ModelVersion) -> str:
        writer, digit = version.metrics.get("pen_test_worst_writer"), version.metrics.get("pen_test_worst_digit")
        if not writer or not digit:
            return "—"
        return (
            f"writer {writer['writer']} {percent(writer['accuracy'])} / {digit['digit']}: {percent(digit['accuracy'])}"
        )

    @admin.display(description="held-out drawings accuracy")
    def drawings_accuracy(self, version: ModelVersion) -> str:
        return metric_share(version, "drawings_test_accuracy", "drawings_test_images")

    @admin.display(description="drawings trained on")
    def drawings_trained_on(self, version: ModelVersion) -> str:
        return count(version.metrics.get("drawings_train", 0))

    @admin.display(description="")
    def links(self, version: ModelVersion) -> str:
        quality = reverse("admin:recognizer_modelversion_quality", args=[version.pk])
        compare = reverse("admin:recognizer_modelversion_compare", args=[version.pk])
        return format_html('<a href="{}">on reviewed drawings</a> · <a href="{}">compare</a>', quality, compare)

    @admin.display(description="metrics")
    def metrics_table(self, version: ModelVersion) -> str:
        return runs.metrics_table(version.metrics)


@admin.register(Activation)
class ActivationAdmin(admin.ModelAdmin):
    """The audit trail: read only, newest first."""

    list_display = ["created_at", "kind", "from_version", "to_version", "user", "worse_on_held_out", "reason"]
    list_filter = ["kind", "worse_on_held_out"]
    list_select_related = ["from_version", "to_version", "user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
