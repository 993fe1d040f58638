"""Routes: the admin, the API and its docs, the seed's legacy endpoint."""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import DisallowedHost, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse, JsonResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from recognizer.api.legacy import LegacyRecognitionView
from recognizer.api.views import ApiDocsView


def frontend_not_built(request):
    """Only reached when frontend/dist is missing: whitenoise serves the page when it exists."""
    return HttpResponse(
        "<h1>DigitSite</h1><p>The drawing page is not built yet: run <code>make run</code>, or "
        "<code>cd frontend &amp;&amp; npm ci &amp;&amp; npm run build</code>.</p>"
        '<p>The API works already: <a href="/api/docs/">/api/docs/</a>.</p>'
    )


BAD_REQUEST_CODES = {
    DisallowedHost: "invalid_host",
    TooManyFieldsSent: "too_many_fields",
    TooManyFilesSent: "too_many_files",
    RequestDataTooBig: "payload_too_large",
}

urlpatterns = [
    path("", frontend_not_built, name="frontend"),
    path("admin/", admin.site.urls),
    path("api/", include("recognizer.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", ApiDocsView.as_view(url_name="schema"), name="api-docs"),
    path("recognition", LegacyRecognitionView.as_view(), name="legacy-recognition"),
]


def bad_request(request, exception=None):
    """Django's own 400s (a Host not in ALLOWED_HOSTS, too many form fields or files...)."""
    code = BAD_REQUEST_CODES.get(type(exception), "bad_request")
    if code == "payload_too_large":
        return JsonResponse({"error": code, "detail": "The request body is too large."}, status=413)
    detail = {
        "invalid_host": "The Host header names no site served here.",
        "too_many_fields": f"More than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} form fields.",
        "too_many_files": f"More than {settings.DATA_UPLOAD_MAX_NUMBER_FILES} files.",
    }.get(code, "The request is malformed.")
    return JsonResponse({"error": code, "detail": detail}, status=400)


def not_found(request, exception=None):
    return JsonResponse({"error": "not_found", "detail": "No such page."}, status=404)


def server_error(request):
    return JsonResponse({"error": "server_error", "detail": "Something went wrong on our side."}, status=500)


handler400 = bad_request
handler404 = not_found
handler500 = server_error
