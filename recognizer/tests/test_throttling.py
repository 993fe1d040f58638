import pytest

from recognizer.api import throttling
from recognizer.api.throttling import RecognitionThrottle
from testing.images import data_url

pytestmark = pytest.mark.django_db


def test_anonymous_recognitions_are_throttled_at_the_configured_rate(api, canvas_digit, monkeypatch):
    monkeypatch.setattr(RecognitionThrottle, "THROTTLE_RATES", {"recognition": "3/minute"})
    payload = {"image_data": data_url(canvas_digit(50)[0])}
    codes = [api.post("/api/v1/recognitions/", payload, format="json").status_code for _ in range(4)]
    assert codes == [201, 201, 201, 429]
    response = api.post("/recognition", payload, format="json")
    assert response.status_code == 429 and response.json()["error"] == "throttled"


def test_staff_are_not_throttled(staff_api, canvas_digit, monkeypatch):
    monkeypatch.setattr(RecognitionThrottle, "THROTTLE_RATES", {"recognition": "1/minute"})
    payload = {"image_data": data_url(canvas_digit(51)[0])}
    codes = [staff_api.post("/api/v1/recognitions/", payload, format="json").status_code for _ in range(3)]
    assert codes == [201, 201, 201]


def test_the_rate_comes_from_the_environment_and_off_disables_it():
    from digitsite import settings

    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["recognition"]
    expected = settings.RECOGNITION_THROTTLE_RATE
    assert rate == (None if expected == "off" else expected)


def test_with_the_cache_down_recognitions_go_on_unthrottled_and_the_outage_is_logged(
    api, canvas_digit, monkeypatch, caplog
):
    from django.core.cache import cache

    def refuse(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(RecognitionThrottle, "THROTTLE_RATES", {"recognition": "1/minute"})
    monkeypatch.setattr(cache, "get", refuse)  # the per-process path reads the cache
    monkeypatch.setattr(throttling, "_hit_redis", refuse)  # with REDIS_URL, the script goes to Redis
    payload = {"image_data": data_url(canvas_digit(52)[0])}
    codes = [api.post("/api/v1/recognitions/", payload, format="json").status_code for _ in range(3)]
    assert codes == [201, 201, 201]
    assert "throttling skipped: the cache does not answer" in caplog.text
