"""Admin list filters that need more than a field's distinct values."""

from django.contrib import admin
from django.db.models import F, Q


class _DigitFilter(admin.SimpleListFilter):
    """0-9 without a DISTINCT scan of the table (the choices are known)."""

    field = ""

    def lookups(self, request, model_admin):
        return [(str(d), str(d)) for d in range(10)]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None or not value.isdigit():
            return queryset
        return queryset.filter(**{self.field: int(value)})


class PredictedDigitFilter(_DigitFilter):
    title = "predicted digit"
    parameter_name = "predicted"
    field = "predicted_digit"


class LabelFilter(_DigitFilter):
    title = "label (staff or drawer: see whose)"
    parameter_name = "label"
    field = "label"

    def lookups(self, request, model_admin):
        return [("none", "no label"), *super().lookups(request, model_admin)]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(label__isnull=True)
        return super().queryset(request, queryset)


class ConfidenceBandFilter(admin.SimpleListFilter):
    title = "confidence"
    parameter_name = "confidence"
    BANDS = {
        "lt50": ("under 50%", Q(confidence__lt=0.5)),
        "50-70": ("50–70%", Q(confidence__gte=0.5, confidence__lt=0.7)),
        "70-90": ("70–90%", Q(confidence__gte=0.7, confidence__lt=0.9)),
        # Label smoothing in training caps confidence near 97%, so the top band starts at 95%.
        "90-95": ("90–95%", Q(confidence__gte=0.9, confidence__lt=0.95)),
        "ge95": ("95% and over", Q(confidence__gte=0.95)),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _) in self.BANDS.items()]

    def queryset(self, request, queryset):
        band = self.BANDS.get(self.value() or "")
        return queryset.filter(band[1]) if band else queryset


class DisagreementFilter(admin.SimpleListFilter):
    title = "prediction vs label"
    parameter_name = "disagrees"

    def lookups(self, request, model_admin):
        return [("yes", "disagrees with label"), ("no", "agrees with label")]

    def queryset(self, request, queryset):
        labelled = queryset.filter(label__isnull=False)
        if self.value() == "yes":
            return labelled.exclude(label=F("predicted_digit"))
        if self.value() == "no":
            return labelled.filter(label=F("predicted_digit"))
        return queryset


FILTERS = [
    PredictedDigitFilter,
    LabelFilter,
    "status",
    ConfidenceBandFilter,
    DisagreementFilter,
    ("label_source", admin.ChoicesFieldListFilter),
    "not_a_digit",
    "drawer_not_a_digit",
    "model_version",
    ("created_at", admin.DateFieldListFilter),
    "source",
]
