"""The seed project's `POST /recognition`, kept byte-for-byte for its original front end."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from recognizer.api.decoding import decode_image_data
from recognizer.api.errors import ApiError, error_responses
from recognizer.api.json_input import BoundedJSONParser
from recognizer.api.serializers import LegacyRecognitionSerializer
from recognizer.api.throttling import RecognitionThrottle
from recognizer.models import Drawing
from recognizer.reading.services import Submission, recognize_drawing
from recognizer.reading.visitors import owner_key


class AnyContentTypeJSONParser(BoundedJSONParser):
    """The original front end's requests are JSON whatever Content-Type they carry."""

    media_type = "*/*"


class LegacyRecognitionView(APIView):
    """The seed project's `POST /recognition`, unchanged for its original front end."""

    parser_classes = [AnyContentTypeJSONParser]
    authentication_classes = []  # the seed front end sends no CSRF token
    throttle_classes = [RecognitionThrottle]

    @extend_schema(
        request=LegacyRecognitionSerializer,
        responses={
            200: inline_serializer(
                "LegacyRecognitionResult",
                {
                    "result": inline_serializer(
                        "LegacyResult",
                        {
                            "num": serializers.IntegerField(required=False),
                            "pro": serializers.ListField(child=serializers.FloatField(), required=False),
                            "status": serializers.IntegerField(required=False),
                            "text": serializers.CharField(required=False),
                        },
                    )
                },
            ),
            **error_responses(400, 413, 415, 422, 429),
        },
    )
    def post(self, request):
        if not isinstance(request.data, dict):
            raise ApiError("invalid_request", "The body must be a JSON object with image_data.")
        image_data = request.data.get("image_data")
        if image_data is not None and not isinstance(image_data, str):
            raise ApiError("invalid_request", "image_data must be a base64 string.")
        if image_data is None or len(image_data) < 10:  # the seed's answer to "nothing drawn"
            return Response({"result": {"status": -3, "text": ""}})
        decoded = decode_image_data(image_data)
        submission = Submission(
            image_bytes=decoded.data,
            declared_format=decoded.declared_format,
            source=Drawing.Source.LEGACY,
            owner_key=owner_key(request, create=True),
        )
        drawing, _ = recognize_drawing(submission=submission)
        return Response({"result": {"num": drawing.predicted_digit, "pro": drawing.probabilities}})

    def handle_exception(self, exc):
        """Errors keep the seed's `result` envelope next to the usual error fields."""
        response = super().handle_exception(exc)
        if isinstance(response.data, dict) and "error" in response.data:
            response.data = {"result": {"status": -3, "text": response.data["detail"]}, **response.data}
        return response
