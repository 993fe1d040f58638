"""Staff browse drawings and model versions; everything the network decided is read-only."""

import base64

from django.contrib import admin
from django.utils.html import format_html

from recognizer.models import Drawing, ModelVersion


@admin.register(Drawing)
class DrawingAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "preview_thumbnail",
        "predicted_digit",
        "confidence",
        "label",
        "status",
        "model_version",
        "source",
        "created_at",
    ]
    list_filter = ["status", "predicted_digit", "label", "source", "model_version", "created_at"]
    search_fields = ["=id"]
    list_select_related = ["model_version"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "preview_thumbnail",
        "image",
        "predicted_digit",
        "probabilities",
        "confidence",
        "model_version",
        "source",
        "strokes",
        "created_at",
        "label_source",
        "reviewed_by",
        "reviewed_at",
    ]
    fields = ["preview_thumbnail", *readonly_fields[1:], "label", "status"]

    @admin.display(description="network input")
    def preview_thumbnail(self, drawing: Drawing) -> str:
        data = base64.b64encode(bytes(drawing.preview_png)).decode()
        return format_html('<img src="data:image/png;base64,{}" width="56" height="56" alt="">', data)


@admin.register(ModelVersion)
class ModelVersionAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active", "created_at", "sha256"]
    readonly_fields = ["checkpoint", "sha256", "metrics", "created_at"]
