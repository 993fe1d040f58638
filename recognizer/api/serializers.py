"""API input and output shapes (their names become the OpenAPI component names)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from recognizer.api import json_input
from recognizer.models import Drawing, NumberSubmission
from recognizer.reading.services import UnsavedNumber, is_uncertain

MAX_STROKES = 200
MAX_POINTS = 20_000
# Far beyond any accepted image (4096 px a side): strokes may leave the canvas a little (a
# pointer dragged past its edge) and are clipped to the image where they are drawn, but 1e300
# is no pen position (20,000 such points made a 12 MB admin page).
MAX_COORDINATE = 100_000


def _number_within(value, limit: float) -> bool:
    """A JSON number (not a bool) with |value| <= limit; NaN fails every comparison."""
    return isinstance(value, int | float) and not isinstance(value, bool) and -limit <= value <= limit


def _valid_point(point) -> bool:
    return (
        isinstance(point, list)
        and 2 <= len(point) <= 4
        and all(_number_within(v, MAX_COORDINATE) for v in point[:2])
        and all(_number_within(v, json_input.MAX_NUMBER) for v in point[2:])
    )


@extend_schema_field(
    {
        "type": "array",
        "maxItems": MAX_STROKES,
        "items": {
            "type": "array",
            "maxItems": MAX_POINTS,
            "items": {
                "type": "array",
                "minItems": 2,
                "maxItems": 4,
                "items": {"type": "number", "minimum": -json_input.MAX_NUMBER, "maximum": json_input.MAX_NUMBER},
            },
        },
        "description": (
            f"Strokes as drawn: each a list of [x, y] (optionally [x, y, t, pressure]) points, at most "
            f"{MAX_POINTS} in all; x and y within ±{MAX_COORDINATE} (what lies outside the image is clipped), "
            "t and pressure within ±1e15."
        ),
    }
)
class StrokesField(serializers.JSONField):
    def to_internal_value(self, data):
        if isinstance(data, str):  # multipart forms carry the strokes as JSON text
            try:
                data = json_input.loads(data)
            except ValueError as exc:
                raise serializers.ValidationError(f"strokes is not valid JSON: {exc}.") from exc
            if data is None:
                return None
        data = super().to_internal_value(data)
        if not isinstance(data, list) or len(data) > MAX_STROKES:
            raise serializers.ValidationError(f"Expected a list of at most {MAX_STROKES} strokes.")
        if not all(isinstance(stroke, list) for stroke in data):
            raise serializers.ValidationError("Each stroke must be a list of points.")
        if sum(len(stroke) for stroke in data) > MAX_POINTS:
            raise serializers.ValidationError(f"At most {MAX_POINTS} points in all.")
        if not all(_valid_point(point) for stroke in data for point in stroke):
            raise serializers.ValidationError(
                f"Each point must be [x, y] (optionally t and pressure) numbers, x and y within ±{MAX_COORDINATE}."
            )
        return data


class StrictCharField(serializers.CharField):
    """A CharField that refuses numbers instead of quietly turning them into text."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class ImageDataField(StrictCharField):
    """`image_data`: long text (a canvas is ~10-100 kB of base64). DRF checks every character
    of a CharField for surrogates in a Python loop (~1 ms for 20 kB); ASCII text has none, so
    only non-ASCII text (which is no base64 anyway) goes through that check."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitSurrogateCharactersValidator)]

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not value.isascii():
            ProhibitSurrogateCharactersValidator()(value)
        return value


class RecognitionCreateSerializer(serializers.Serializer):
    image_data = ImageDataField(
        required=False, trim_whitespace=False, help_text="PNG/JPEG/WebP as a data URL or bare base64."
    )
    image = serializers.FileField(required=False, help_text="The image as a multipart file, instead of image_data.")
    strokes = StrokesField(required=False, allow_null=True)

    def validate(self, attrs):
        if ("image_data" in attrs) == ("image" in attrs):
            raise serializers.ValidationError("Send exactly one of image_data or image.")
        return attrs


@extend_schema_field(
    {
        "type": "string",
        "description": "The strokes as JSON text (a form field carries no arrays), as in the JSON request: "
        "[[[x, y], ...], ...].",
        # Swagger UI fills a form field with its example ("string" without one, which is no JSON).
        "example": "[[[16, 14], [48, 14], [28, 52]]]",
    }
)
class StrokesTextField(StrokesField):
    pass


# The request as documented, one shape per content type; RecognitionCreateSerializer, which
# validates every request, accepts either. (Comments, not docstrings: those become descriptions.)
class RecognitionJsonSerializer(RecognitionCreateSerializer):
    image = None
    image_data = StrictCharField(
        trim_whitespace=False, help_text="The image (PNG, JPEG or WebP) as a data URL or bare base64."
    )


class RecognitionUploadSerializer(RecognitionCreateSerializer):
    image_data = None
    image = serializers.FileField(help_text="The image file (PNG, JPEG or WebP).")
    strokes = StrokesTextField(required=False, allow_null=True)


# Feedback is JSON only, so its fields take JSON's own types: DRF's would also read "3" as 3
# and 0 or "no" as false, which the OpenAPI schema (integer, boolean) does not allow.
class JsonIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class JsonBooleanField(serializers.BooleanField):
    default_error_messages = {"invalid": "Must be true or false."}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class FeedbackSerializer(serializers.Serializer):
    label = JsonIntegerField(min_value=0, max_value=9, required=False, help_text="The digit the drawer meant.")
    not_a_digit = JsonBooleanField(
        required=False, help_text="true: the drawing is not a digit at all (instead of a label)."
    )

    def validate(self, attrs):
        if ("label" in attrs) == bool(attrs.get("not_a_digit")):
            raise serializers.ValidationError('Send either "label" (0-9) or "not_a_digit": true.')
        return attrs


# Serialize with fields built once per class instead of once per instance.
#
# DRF builds a serializer's fields for every instance (for a ModelSerializer: model
# introspection and deep copies, about 1 ms per drawing, a fifth of a stored recognition).
# The fields hold no per-request state, so output reuses one set, built on a context-free
# instance; the method fields below must therefore not read `self.context`. `.fields` (the
# schema, input) is untouched. A test checks the output equals DRF's own.
# (A comment, not a docstring: serializers without their own would inherit it as their OpenAPI
# description.)
class SharedReadFieldsMixin:
    @property
    def _readable_fields(self):
        cls = type(self)
        fields = cls.__dict__.get("_shared_readable_fields")
        if fields is None:
            fields = [field for field in cls().fields.values() if not field.write_only]
            cls._shared_readable_fields = fields  # a race builds it twice, harmlessly
        return fields


# What the network answered for one digit: the base of a recognition and of a number's digit.
# (A comment, not a docstring: subclasses would inherit it as their OpenAPI description.)
class ReadDigitSerializer(SharedReadFieldsMixin, serializers.ModelSerializer):
    digit = serializers.IntegerField(source="predicted_digit", read_only=True)
    probabilities = serializers.ListField(child=serializers.FloatField(), min_length=10, max_length=10)
    uncertain = serializers.SerializerMethodField()

    class Meta:
        model = Drawing
        fields = DIGIT_FIELDS = ["digit", "probabilities", "confidence", "uncertain", "not_a_digit"]
        read_only_fields = fields

    def get_uncertain(self, drawing: Drawing) -> bool:
        return is_uncertain(drawing.probabilities)


class RecognitionSerializer(ReadDigitSerializer):
    model_version = serializers.SlugRelatedField(slug_field="name", read_only=True)
    preview = serializers.SerializerMethodField()
    image_url = serializers.SerializerMethodField()
    # Read from the row's own columns (number_id, position): no query per drawing.
    number = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="The written number (GET/DELETE /api/v1/numbers/{id}/) this drawing is a digit of; "
        "null for a lone drawing.",
    )
    position = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Which digit of its number, 0 = leftmost; null for a lone drawing."
    )

    class Meta(ReadDigitSerializer.Meta):
        fields = [
            "id",
            *ReadDigitSerializer.Meta.DIGIT_FIELDS,
            "number",
            "position",
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

    def get_preview(self, drawing: Drawing) -> str:
        """The 28×28 network input as a PNG data URL."""
        return drawing.preview_data_url

    def get_image_url(self, drawing: Drawing) -> str:
        return reverse("recognition-image", args=[drawing.pk])


class RecognitionPreviewSerializer(RecognitionSerializer):
    """A live reading (POST /api/v1/recognitions/preview/): nothing is stored, so a recognition's
    fields that belong to a stored row (id, image_url, created_at, number, position) are left out."""

    # Declared fields of the parent, removed: a live reading is a lone drawing, never a digit of a number.
    image_url = number = position = None

    class Meta(RecognitionSerializer.Meta):
        fields = [
            f
            for f in RecognitionSerializer.Meta.fields
            if f not in ("id", "image_url", "created_at", "number", "position")
        ]
        read_only_fields = fields


class BoxSerializer(serializers.Serializer):
    left = serializers.IntegerField()
    top = serializers.IntegerField()
    right = serializers.IntegerField(help_text="Exclusive.")
    bottom = serializers.IntegerField(help_text="Exclusive.")


class NumberDigitSerializer(ReadDigitSerializer):
    """One digit of a number; `id` is its drawing (GET /api/v1/recognitions/{id}/, feedback)."""

    box = BoxSerializer(help_text="Where the digit is, in the submitted image's pixels.")

    class Meta(ReadDigitSerializer.Meta):
        fields = ["id", "position", *ReadDigitSerializer.Meta.DIGIT_FIELDS, "box"]
        read_only_fields = fields


class NumberSerializer(SharedReadFieldsMixin, serializers.ModelSerializer):
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


class NumberPreviewDigitSerializer(NumberDigitSerializer):
    """One digit of a live reading of a number: nothing is stored, so it has no id."""

    class Meta(NumberDigitSerializer.Meta):
        fields = [f for f in NumberDigitSerializer.Meta.fields if f != "id"]
        read_only_fields = fields


class NumberPreviewSerializer(serializers.Serializer):
    """A live reading of a written number (POST /api/v1/numbers/preview/): nothing is stored, so
    a number's fields that belong to a stored row (id, created_at; the digits' ids) are left out."""

    number = serializers.CharField(source="number.text", read_only=True, help_text="The digits read, left to right.")
    confidence = serializers.FloatField(
        source="number.confidence", read_only=True, help_text="The chance every digit is right: the product of theirs."
    )
    uncertain = serializers.SerializerMethodField(help_text="True when any digit is uncertain.")
    digits = NumberPreviewDigitSerializer(many=True, read_only=True)
    width = serializers.IntegerField(source="number.width", read_only=True)
    height = serializers.IntegerField(source="number.height", read_only=True)
    model_version = serializers.CharField(source="number.model_version.name", read_only=True)

    def get_uncertain(self, unsaved: UnsavedNumber) -> bool:
        return any(is_uncertain(digit.probabilities) for digit in unsaved.digits)


class PrivacySerializer(serializers.Serializer):
    retention_days = serializers.IntegerField(
        allow_null=True,
        read_only=True,
        help_text="Drawings are deleted this many days after they were made; null: kept until their drawer deletes them.",
    )


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
