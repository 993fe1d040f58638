"""System checks for deployment (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


def per_process_throttle_warning() -> str | None:
    """Why the recognition rate limit is not shared by every web process, or None when it is."""
    from recognizer.api.throttling import shared_across_processes

    if not settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].get("recognition") or shared_across_processes():
        return None
    return (
        "RECOGNITION_THROTTLE_RATE is counted per process (no REDIS_URL): with several gunicorn "
        "workers or instances a limit of N lets N × processes through."
    )


@register(Tags.security, deploy=True)
def throttle_is_shared(app_configs, **kwargs):
    message = per_process_throttle_warning()
    hint = "Set REDIS_URL, or RECOGNITION_THROTTLE_RATE=off when nothing is exposed."
    return [Warning(message, hint=hint, id="recognizer.W001")] if message else []
