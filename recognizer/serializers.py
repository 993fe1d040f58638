"""API input and output shapes (their names become the OpenAPI component names)."""

import json
import math

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from recognizer.models import Drawing, NumberSubmission
from recognizer.services import is_uncertain

MAX_STROKES = 200
MAX_POINTS = 20_000


@extend_schema_field(
    {
        "type": "array",
        "maxItems": MAX_STROKES,
        "items": {
            "type": "array",
            "items": {"type": "array", "minItems": 2, "maxItems": 4, "items": {"type": "number"}},
        },
        "description": "Strokes as drawn: each a list of [x, y] (optionally [x, y, t, pressure]) points.",
    }
)
class StrokesField(serializers.JSONField):
    def to_internal_value(self, data):
        if isinstance(data, str):  # multipart forms carry the strokes as JSON text
            try:
                data = json.loads(data)
            except ValueError as exc:
                raise serializers.ValidationError("strokes is not valid JSON.") from exc
            if data is None:
                return None
        data = super().to_internal_value(data)
        if not isinstance(data, list) or len(data) > MAX_STROKES:
            raise serializers.ValidationError(f"Expected a list of at most {MAX_STROKES} strokes.")
        points = 0
        for stroke in data:
            if not isinstance(stroke, list):
                raise serializers.ValidationError("Each stroke must be a list of points.")
            points += len(stroke)
            for point in stroke:
                if not (
                    isinstance(point, list)
                    and 2 <= len(point) <= 4
                    and all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in point)
                ):
                    raise serializers.ValidationError("Each point must be [x, y] (optionally t and pressure) numbers.")
        if points > MAX_POINTS:
            raise serializers.ValidationError(f"At most {MAX_POINTS} points in all.")
        return data


class StrictCharField(serializers.CharField):
    """A CharField that refuses numbers instead of quietly turning them into text."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class RecognitionCreateSerializer(serializers.Serializer):
    image_data = StrictCharField(
        required=False, trim_whitespace=False, help_text="PNG/JPEG/WebP as a data URL or bare base64."
    )
    image = serializers.FileField(required=False, help_text="The image as a multipart file, instead of image_data.")
    strokes = StrokesField(required=False, allow_null=True)

    def validate(self, attrs):
        if ("image_data" in attrs) == ("image" in attrs):
            raise serializers.ValidationError("Send exactly one of image_data or image.")
        return attrs


class FeedbackSerializer(serializers.Serializer):
    label = serializers.IntegerField(min_value=0, max_value=9, required=False, help_text="The digit the drawer meant.")
    not_a_digit = serializers.BooleanField(
        required=False, help_text="true: the drawing is not a digit at all (instead of a label)."
    )

    def validate(self, attrs):
        if ("label" in attrs) == bool(attrs.get("not_a_digit")):
            raise serializers.ValidationError('Send either "label" (0-9) or "not_a_digit": true.')
        return attrs


class RecognitionSerializer(serializers.ModelSerializer):
    digit = serializers.IntegerField(source="predicted_digit", read_only=True)
    probabilities = serializers.ListField(child=serializers.FloatField(), min_length=10, max_length=10)
    uncertain = serializers.SerializerMethodField()
    model_version = serializers.SlugRelatedField(slug_field="name", read_only=True)
    preview = serializers.SerializerMethodField()
    image_url = serializers.SerializerMethodField()

    class Meta:
        model = Drawing
        fields = [
            "id",
            "digit",
            "probabilities",
            "confidence",
            "uncertain",
            "not_a_digit",
            "model_version",
            "preview",
            "image_url",
            "created_at",
            "label",
            "label_source",
            "drawer_not_a_digit",
            "status",
            "source",
        ]
        read_only_fields = fields

    def get_uncertain(self, drawing: Drawing) -> bool:
        return is_uncertain(drawing.probabilities)

    def get_preview(self, drawing: Drawing) -> str:
        """The 28×28 network input as a PNG data URL."""
        return drawing.preview_data_url

    def get_image_url(self, drawing: Drawing) -> str:
        return reverse("recognition-image", args=[drawing.pk])


class BoxSerializer(serializers.Serializer):
    left = serializers.IntegerField()
    top = serializers.IntegerField()
    right = serializers.IntegerField(help_text="Exclusive.")
    bottom = serializers.IntegerField(help_text="Exclusive.")


class NumberDigitSerializer(serializers.ModelSerializer):
    """One digit of a number; `id` is its drawing (GET /api/v1/recognitions/{id}/, feedback)."""

    digit = serializers.IntegerField(source="predicted_digit", read_only=True)
    probabilities = serializers.ListField(child=serializers.FloatField(), min_length=10, max_length=10)
    uncertain = serializers.SerializerMethodField()
    box = BoxSerializer(help_text="Where the digit is, in the submitted image's pixels.")

    class Meta:
        model = Drawing
        fields = ["id", "position", "digit", "probabilities", "confidence", "uncertain", "not_a_digit", "box"]
        read_only_fields = fields

    def get_uncertain(self, drawing: Drawing) -> bool:
        return is_uncertain(drawing.probabilities)


class NumberSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="text", help_text="The digits read, left to right.")
    uncertain = serializers.SerializerMethodField(help_text="True when any digit is uncertain.")
    digits = NumberDigitSerializer(many=True)
    model_version = serializers.SlugRelatedField(slug_field="name", read_only=True)

    class Meta:
        model = NumberSubmission
        fields = ["id", "number", "confidence", "uncertain", "digits", "width", "height", "model_version", "created_at"]
        read_only_fields = fields

    def get_uncertain(self, number: NumberSubmission) -> bool:
        return any(is_uncertain(digit.probabilities) for digit in number.digits.all())


class ErrorSerializer(serializers.Serializer):
    error = serializers.CharField(help_text="Machine-readable code, e.g. blank_image.")
    detail = serializers.CharField(help_text="What went wrong, in words.")
    fields = serializers.DictField(required=False, help_text="Per-field messages for invalid_request.")


class LegacyRecognitionSerializer(serializers.Serializer):
    image_data = StrictCharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="Base64 PNG (data URL allowed), as the original front end sends; missing, null or under 10 characters answers status -3.",
    )


class HealthSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["ok", "unavailable"])
    database = serializers.BooleanField()
    cache = serializers.BooleanField()
    model_loaded = serializers.BooleanField()
    model_version = serializers.CharField(allow_null=True)


class LivenessSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["ok"])
