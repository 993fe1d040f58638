from django.urls import path, register_converter

from recognizer.api import views
from recognizer.modelops.exports import FORMATS


class ExportFormat:
    regex = "|".join(FORMATS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormat, "export_format")

urlpatterns = [
    path("v1/recognitions/", views.RecognitionListCreateView.as_view(), name="recognition-list"),
    path("v1/recognitions/preview/", views.RecognitionPreviewView.as_view(), name="recognition-preview"),
    path("v1/recognitions/<int:pk>/", views.RecognitionDetailView.as_view(), name="recognition-detail"),
    path("v1/recognitions/<int:pk>/image/", views.RecognitionImageView.as_view(), name="recognition-image"),
    path("v1/recognitions/<int:pk>/feedback/", views.FeedbackView.as_view(), name="recognition-feedback"),
    path("v1/numbers/", views.NumberCreateView.as_view(), name="number-list"),
    path("v1/numbers/preview/", views.NumberPreviewView.as_view(), name="number-preview"),
    path("v1/numbers/<int:pk>/", views.NumberDetailView.as_view(), name="number-detail"),
    path("v1/privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("v1/exports/<export_format:fmt>/", views.ExportView.as_view(), name="export"),
    path("v1/health/", views.HealthView.as_view(), name="health"),
    path("v1/health/live/", views.LivenessView.as_view(), name="liveness"),
]
