"""Routes: the admin, the API and its docs, the seed's legacy endpoint."""

from django.contrib import admin
from django.http import HttpResponse, JsonResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from recognizer.legacy import LegacyRecognitionView


def frontend_not_built(request):
    """Only reached when frontend/dist is missing: whitenoise serves the page when it exists."""
    return HttpResponse(
        "<h1>DigitSite</h1><p>The drawing page is not built yet: run <code>make run</code>, or "
        "<code>cd frontend &amp;&amp; npm ci &amp;&amp; npm run build</code>.</p>"
        '<p>The API works already: <a href="/api/docs/">/api/docs/</a>.</p>'
    )


urlpatterns = [
    path("", frontend_not_built, name="frontend"),
    path("admin/", admin.site.urls),
    path("api/", include("recognizer.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("recognition", LegacyRecognitionView.as_view(), name="legacy-recognition"),
]


def not_found(request, exception=None):
    return JsonResponse({"error": "not_found", "detail": "No such page."}, status=404)


def server_error(request):
    return JsonResponse({"error": "server_error", "detail": "Something went wrong on our side."}, status=500)


handler404 = not_found
handler500 = server_error
