"""Routes: the admin, the API and its docs, the seed's legacy endpoint."""

from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from recognizer.views import LegacyRecognitionView

urlpatterns = [
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
