"""Every API error is `{"error": <code>, "detail": <message>}` with a fitting 4xx status."""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import DatabaseError
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from ml.preprocess import PreprocessError
from recognizer.api.serializers import ErrorSerializer

logger = logging.getLogger(__name__)

PREPROCESS_STATUS = {
    "not_an_image": status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
    "unsupported_image_format": status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
    "image_type_mismatch": status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
    "image_too_large": status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    "image_too_small": status.HTTP_422_UNPROCESSABLE_ENTITY,
    "blank_image": status.HTTP_422_UNPROCESSABLE_ENTITY,
}
DRF_CODES = [
    (exceptions.ValidationError, "invalid_request"),
    (exceptions.ParseError, "invalid_json"),
    (exceptions.UnsupportedMediaType, "unsupported_media_type"),
    (exceptions.Throttled, "throttled"),
    (exceptions.NotFound, "not_found"),
    (exceptions.NotAuthenticated, "not_authenticated"),
    (exceptions.AuthenticationFailed, "not_authenticated"),
    (exceptions.PermissionDenied, "forbidden"),
    (exceptions.MethodNotAllowed, "method_not_allowed"),
    (exceptions.NotAcceptable, "not_acceptable"),
]


class ApiError(exceptions.APIException):
    """An error with an explicit machine-readable code and HTTP status."""

    def __init__(self, code: str, detail: str, status_code: int = status.HTTP_400_BAD_REQUEST):
        super().__init__(detail=detail, code=code)
        self.status_code = status_code
        self.error_code = code


def _as_api_error(exc: Exception) -> Exception:
    if isinstance(exc, PreprocessError):
        return ApiError(exc.code, str(exc), PREPROCESS_STATUS.get(exc.code, 422))
    if isinstance(exc, RequestDataTooBig):
        return ApiError("payload_too_large", "The request body is too large.", 413)
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        code = "too_many_files" if isinstance(exc, TooManyFilesSent) else "too_many_fields"
        return ApiError(code, "The form has too many fields or files.", 400)
    if isinstance(exc, DatabaseError):
        logger.exception("database error while serving an API request")
        return ApiError("service_unavailable", "The database is unavailable; try again shortly.", 503)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def _first_message(detail) -> str:
    """The first human-readable message of a (possibly nested) DRF error detail."""
    if isinstance(detail, dict):
        field, value = next(iter(detail.items()))
        message = _first_message(value)
        return message if field == "non_field_errors" else f"{field}: {message}"
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    return str(detail)


def exception_handler(exc, context):
    """DRF exception handler that answers in the project's error format."""
    exc = _as_api_error(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = getattr(exc, "error_code", None) or next(
        (name for kind, name in DRF_CODES if isinstance(exc, kind)), "error"
    )
    body = {"error": code, "detail": _first_message(exc.detail)}
    if isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, dict):
        body["fields"] = exc.detail
    response.data = body
    return response


def error_responses(*codes: int) -> dict:
    """OpenAPI: these statuses answer in the project's error format."""
    return {code: OpenApiResponse(ErrorSerializer) for code in codes}
