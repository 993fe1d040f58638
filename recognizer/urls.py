from django.urls import path

from recognizer import views

urlpatterns = [
    path("v1/recognitions/", views.RecognitionListCreateView.as_view(), name="recognition-list"),
    path("v1/recognitions/<int:pk>/", views.RecognitionDetailView.as_view(), name="recognition-detail"),
    path("v1/recognitions/<int:pk>/image/", views.RecognitionImageView.as_view(), name="recognition-image"),
    path("v1/recognitions/<int:pk>/feedback/", views.FeedbackView.as_view(), name="recognition-feedback"),
    path("v1/health/", views.HealthView.as_view(), name="health"),
]
