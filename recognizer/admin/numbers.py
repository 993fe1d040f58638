"""Written numbers in the admin: the reading and its digits (each an ordinary drawing)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html_join

from recognizer.models import Drawing, NumberSubmission


@admin.register(NumberSubmission)
class NumberSubmissionAdmin(admin.ModelAdmin):
    list_display = ["id", "text", "confidence_percent", "source", "model_version", "created_at"]
    list_select_related = ["model_version"]
    search_fields = ["=id", "text"]
    fields = [
        "text",
        "digit_drawings",
        "confidence_percent",
        "width",
        "height",
        "model_version",
        "piece_classifier_hash",
        "source",
        "created_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # numbers only come from the API

    def has_change_permission(self, request, obj=None):
        return False  # the digits are reviewed as drawings

    @admin.display(description="confidence", ordering="confidence")
    def confidence_percent(self, number: NumberSubmission) -> str:
        return f"{number.confidence:.1%}"

    @admin.display(description="digits (each opens as a drawing to review)")
    def digit_drawings(self, number: NumberSubmission) -> str:
        digits = Drawing.objects.filter(number=number).order_by("position").only("id", "predicted_digit", "preview_png")
        return format_html_join(
            " ",
            '<a href="{}" title="drawing {}"><img src="{}" width="56" height="56" alt="{}" '
            'style="image-rendering:pixelated;border:1px solid #ccc"></a>',
            (
                (reverse("admin:recognizer_drawing_change", args=[d.pk]), d.pk, d.preview_data_url, d.predicted_digit)
                for d in digits
            ),
        )
