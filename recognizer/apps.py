from django.apps import AppConfig


class RecognizerConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "recognizer"
    verbose_name = "Digit recognition"

    def ready(self):
        import torch
        from django.conf import settings

        from recognizer import checks  # noqa: F401 - registers the deploy checks

        # Each request runs a tiny network; parallel request threads beat intra-op threads.
        torch.set_num_threads(settings.TORCH_THREADS)
        # oneDNN's convolutions cost more to set up than LeNet-5's tiny ones take to run: ATen's
        # own take about half the time per recognition (bench/recognition_cpu.py).
        torch.backends.mkldnn.enabled = settings.TORCH_ONEDNN
