"""Thin API views: parse the request, call one service, serialize the result."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAdminUser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from recognizer.api.decoding import decode_image_data, upload_format
from recognizer.api.errors import ApiError, error_responses
from recognizer.api.examples import RECOGNITION_REQUEST_EXAMPLES
from recognizer.api.files import drawing_image_response, export_response
from recognizer.api.filters import DrawingFilter, query_flag
from recognizer.api.health import readiness
from recognizer.api.json_input import BoundedJSONParser
from recognizer.api.serializers import (
    FeedbackSerializer,
    HealthSerializer,
    LivenessSerializer,
    NumberPreviewSerializer,
    NumberSerializer,
    PrivacySerializer,
    RecognitionCreateSerializer,
    RecognitionJsonSerializer,
    RecognitionPreviewSerializer,
    RecognitionSerializer,
    RecognitionUploadSerializer,
)
from recognizer.api.throttling import PreviewThrottle, RecognitionThrottle
from recognizer.modelops.exports import EmptyExportError
from recognizer.models import Drawing, NumberSubmission
from recognizer.reading.deletion import DrawingInNumberError, delete_drawing, delete_number
from recognizer.reading.reviews import FeedbackNotAllowedError, record_feedback
from recognizer.reading.selectors import drawings_visible_to, labelled_drawings, numbers_visible_to
from recognizer.reading.services import (
    Submission,
    read_submitted_drawing,
    read_submitted_number,
    recognize_drawing,
    recognize_number,
)
from recognizer.reading.visitors import owner_key

logger = logging.getLogger(__name__)
WEB_CLIENT_HEADER = "HTTP_X_DIGITSITE_CLIENT"  # the React page sends "X-DigitSite-Client: web"
# How the endpoints that read an image document their request: JSON or a multipart upload.
IMAGE_REQUEST = {"application/json": RecognitionJsonSerializer, "multipart/form-data": RecognitionUploadSerializer}


def _submission(request, *, storing: bool = True) -> Submission:
    """What a recognition or a number request submits, as the services take it: the image
    (JSON base64 or multipart), the format the client declared, strokes, source and owner
    (a live reading, which stores nothing, gives a new browser no owner cookie)."""
    payload = RecognitionCreateSerializer(data=request.data)
    payload.is_valid(raise_exception=True)
    upload = payload.validated_data.get("image")
    if upload is not None:
        image_bytes, declared = upload.read(), upload_format(upload.content_type, upload.name)
    else:
        decoded = decode_image_data(payload.validated_data["image_data"])
        image_bytes, declared = decoded.data, decoded.declared_format
    web = request.META.get(WEB_CLIENT_HEADER, "").lower() == "web"
    return Submission(
        image_bytes=image_bytes,
        declared_format=declared,
        strokes=payload.validated_data.get("strokes"),
        source=Drawing.Source.WEB if web else Drawing.Source.API,
        owner_key=owner_key(request, create=storing),
    )


class VisibleDrawingsMixin:
    queryset = Drawing.objects.none()  # tells the schema generator the model; never served

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return drawings_visible_to(user=self.request.user, owner_key=owner_key(self.request))


class RecognitionListCreateView(VisibleDrawingsMixin, generics.ListAPIView):
    """List this browser's drawings (staff: all), newest first; POST recognises a new one."""

    serializer_class = RecognitionSerializer
    filterset_class = DrawingFilter

    @extend_schema(
        description="This browser's drawings (staff: every drawing), newest first, 20 a page.",
        responses={200: RecognitionSerializer(many=True), **error_responses(400, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_throttles(self):
        return [RecognitionThrottle()] if self.request.method == "POST" else []

    @extend_schema(
        description="Recognise a drawn digit and store it (the image, the network's answer and this "
        "browser as its drawer). Send the image as JSON `image_data` (a data URL or bare base64) or "
        "as a multipart file `image`, not both; `strokes` (optional) are the pen strokes in the "
        "image's pixels. Answers 201 with the stored drawing.",
        request=IMAGE_REQUEST,
        examples=RECOGNITION_REQUEST_EXAMPLES,
        responses={
            201: RecognitionSerializer,
            200: OpenApiResponse(
                RecognitionSerializer,
                description="A resubmission: the same image (the same network input) from this browser "
                "within RESUBMISSION_WINDOW_SECONDS. Nothing new is stored; the answer is the drawing "
                "stored the first time, with its id.",
            ),
            **error_responses(400, 413, 415, 422, 429),
        },
    )
    def post(self, request):
        drawing, created = recognize_drawing(submission=_submission(request))
        return Response(
            RecognitionSerializer(drawing).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class NumberCreateView(APIView):
    """Read a written number (a postcode, an amount): every digit, with boxes.

    `strokes`, when sent, are in the submitted image's pixels; they separate digits whose ink
    touches (people lift the pen between digits). Strokes that do not match the ink are ignored.
    """

    throttle_classes = [RecognitionThrottle]

    @extend_schema(
        request=IMAGE_REQUEST,
        examples=RECOGNITION_REQUEST_EXAMPLES,
        responses={201: NumberSerializer, **error_responses(400, 413, 415, 422, 429)},
    )
    def post(self, request):
        number = recognize_number(submission=_submission(request))
        # Read back through the selector: its digits come in position order, in one query.
        number = numbers_visible_to(user=request.user, owner_key=number.owner_key).get(pk=number.pk)
        return Response(NumberSerializer(number).data, status=status.HTTP_201_CREATED)


class NumberDetailView(generics.RetrieveDestroyAPIView):
    """One written number of this browser (staff: any)."""

    serializer_class = NumberSerializer
    queryset = NumberSubmission.objects.none()  # for the schema; get_queryset serves

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return NumberSubmission.objects.none()
        return numbers_visible_to(user=self.request.user, owner_key=owner_key(self.request))

    @extend_schema(responses={200: NumberSerializer, **error_responses(404)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        description="Delete the number for good: its row, its image and its digits' drawings and images. "
        "Its drawer (this browser) or staff.",
        responses={204: None, **error_responses(404)},
    )
    def delete(self, request, *args, **kwargs):
        return super().delete(request, *args, **kwargs)

    def perform_destroy(self, instance: NumberSubmission) -> None:
        delete_number(number=instance)


class RecognitionDetailView(VisibleDrawingsMixin, generics.RetrieveDestroyAPIView):
    """One drawing of this browser (staff: any)."""

    serializer_class = RecognitionSerializer

    @extend_schema(responses={200: RecognitionSerializer, **error_responses(404)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        description="Delete the drawing for good: its row and its image. Its drawer (this browser) or staff. "
        "A digit of a written number answers 409 `part_of_number`: delete the number instead.",
        responses={204: None, **error_responses(404, 409)},
    )
    def delete(self, request, *args, **kwargs):
        return super().delete(request, *args, **kwargs)

    def perform_destroy(self, instance: Drawing) -> None:
        try:
            delete_drawing(drawing=instance)
        except DrawingInNumberError as exc:
            raise ApiError("part_of_number", str(exc), status.HTTP_409_CONFLICT) from exc


class RecognitionPreviewView(APIView):
    """Read a drawing without storing anything (the page's live reading as the pen lifts).

    Takes what POST /api/v1/recognitions/ takes and answers with what it answers, less the
    fields of a stored row. Throttled apart from recognitions, at PREVIEW_THROTTLE_RATE."""

    throttle_classes = [PreviewThrottle]

    @extend_schema(
        request=IMAGE_REQUEST,
        examples=RECOGNITION_REQUEST_EXAMPLES,
        responses={200: RecognitionPreviewSerializer, **error_responses(400, 413, 415, 422, 429)},
    )
    def post(self, request):
        drawing = read_submitted_drawing(submission=_submission(request, storing=False))
        return Response(RecognitionPreviewSerializer(drawing).data)


class NumberPreviewView(APIView):
    """Read a written number without storing anything (the page's live reading as the pen lifts).

    Takes what POST /api/v1/numbers/ takes and answers with what it answers, less the fields
    of stored rows. Throttled apart from recognitions, at PREVIEW_THROTTLE_RATE."""

    throttle_classes = [PreviewThrottle]

    @extend_schema(
        request=IMAGE_REQUEST,
        examples=RECOGNITION_REQUEST_EXAMPLES,
        responses={200: NumberPreviewSerializer, **error_responses(400, 413, 415, 422, 429)},
    )
    def post(self, request):
        unsaved = read_submitted_number(submission=_submission(request, storing=False))
        return Response(NumberPreviewSerializer(unsaved).data)


class RecognitionImageView(VisibleDrawingsMixin, APIView):
    """The drawing as it was submitted."""

    @extend_schema(
        responses={(200, "image/png"): OpenApiResponse(description="The submitted image."), **error_responses(404)}
    )
    def get(self, request, pk: int):
        return drawing_image_response(get_object_or_404(self.get_queryset(), pk=pk))


class FeedbackView(VisibleDrawingsMixin, APIView):
    """The drawer (or staff) says which digit the drawing really is."""

    # JSON only, as the page sends it: in a form, "not_a_digit=0" would be a string that
    # the schema cannot call a boolean.
    parser_classes = [BoundedJSONParser]

    @extend_schema(request=FeedbackSerializer, responses={200: RecognitionSerializer, **error_responses(400, 404, 409)})
    def post(self, request, pk: int):
        drawing = get_object_or_404(self.get_queryset(), pk=pk)
        payload = FeedbackSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            drawing = record_feedback(drawing=drawing, label=payload.validated_data.get("label"), user=request.user)
        except FeedbackNotAllowedError as exc:
            raise ApiError("already_reviewed", str(exc), status.HTTP_409_CONFLICT) from exc
        return Response(RecognitionSerializer(drawing).data)


class ExportView(APIView):
    """Staff only: labelled drawings as a zipped dataset, streamed."""

    permission_classes = [IsAdminUser]

    @extend_schema(
        parameters=[
            OpenApiParameter("include_drawer_labels", bool, description="also export drawers' own labels"),
            OpenApiParameter("label", int, enum=list(range(10))),
            OpenApiParameter("digit", int, enum=list(range(10)), description="predicted digit"),
            OpenApiParameter("created_after", OpenApiTypes.DATETIME),
            OpenApiParameter("created_before", OpenApiTypes.DATETIME),
        ],
        responses={
            (200, "application/zip"): OpenApiResponse(description="The dataset as a zip."),
            **error_responses(400, 403, 404, 422),
        },
        description="Staff only: labelled drawings as a zipped dataset, streamed. Formats: idx, png, npz, "
        "parquet (train.parquet and test.parquet: image, label, label_source, split, prediction, "
        "probabilities, model_version, strokes), ndjson (strokes in Quick, Draw!'s layout). "
        "422 `empty_export` when the filters select no labelled drawing.",
    )
    def get(self, request, fmt: str):
        try:
            include_drawers = query_flag(request.query_params, "include_drawer_labels")
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        drawings = DrawingFilter(
            request.query_params, queryset=labelled_drawings(include_drawer_labels=include_drawers)
        )
        if not drawings.is_valid():
            raise ValidationError(drawings.errors)
        description = {**request.query_params.dict(), "include_drawer_labels": include_drawers}
        try:
            return export_response(drawings.qs, fmt=fmt, description=description)
        except EmptyExportError as exc:
            raise ApiError("empty_export", str(exc), status.HTTP_422_UNPROCESSABLE_ENTITY) from exc


class PrivacyView(APIView):
    """How long drawings are kept (DRAWING_RETENTION_DAYS), for the page's privacy note."""

    @extend_schema(responses={200: PrivacySerializer})
    def get(self, request):
        return Response(PrivacySerializer({"retention_days": settings.DRAWING_RETENTION_DAYS or None}).data)


class HealthView(APIView):
    """Readiness: the database and the cache answer and the active model is loaded (else 503)."""

    @extend_schema(responses={200: HealthSerializer, 503: HealthSerializer})
    def get(self, request):
        body = readiness()
        return Response(body, status=200 if body["status"] == "ok" else 503)


class LivenessView(APIView):
    """Liveness: the process answers HTTP. Touches nothing else, so a database outage does not
    make an orchestrator restart every healthy web process."""

    @extend_schema(responses={200: LivenessSerializer})
    def get(self, request):
        return Response({"status": "ok"})


class ApiDocsView(SpectacularSwaggerView):
    """The interactive API documentation (Swagger UI) for GET; any other method answers JSON.

    DRF renders OPTIONS and errors with the view's renderer, and the page's HTML renderer has
    no template for them (OPTIONS answered 500)."""

    def get_renderers(self):
        if self.request.method in ("GET", "HEAD"):
            return super().get_renderers()
        return [JSONRenderer()]
