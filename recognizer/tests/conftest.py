from pathlib import Path

import numpy as np
import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from ml.data import default_data_dir, load_mnist
from ml.evaluation.canvas_sim import render_on_canvas
from recognizer.api.throttling import RecognitionThrottle
from recognizer.reading.active_model import forget_active_model
from testing.processes import free_port, start_gunicorn, stop, subprocess_database_url


@pytest.fixture(autouse=True)
def isolated_media(settings, tmp_path) -> Path:
    """Each test stores files in its own empty media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fresh_process_state(monkeypatch, settings):
    """No cached model version or throttle counts leak between tests; throttling and answering
    resubmissions with the stored drawing are opt-in (most tests post one image many times)."""
    settings.RESUBMISSION_WINDOW_SECONDS = 0
    forget_active_model()
    cache.clear()
    monkeypatch.setattr(RecognitionThrottle, "THROTTLE_RATES", {"recognition": None, "preview": None})
    yield
    forget_active_model()


@pytest.fixture(scope="session")
def mnist_digits():
    """The first 200 real MNIST test digits and labels (missing data fails, never skips)."""
    images, labels = load_mnist(default_data_dir(), train=False)
    return images[:200].numpy(), labels[:200].numpy()


@pytest.fixture(scope="session")
def canvas_digit(mnist_digits):
    """A function: index -> (PNG bytes of that MNIST test digit drawn on a 280×280 canvas, label)."""

    def make(index: int = 0, style: str = "black_on_white") -> tuple[bytes, int]:
        images, labels = mnist_digits
        rng = np.random.default_rng(index)
        return render_on_canvas(images[index], rng, style=style), int(labels[index])

    return make


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def other_api() -> APIClient:
    """A second browser with its own session."""
    return APIClient()


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user("reviewer", password="pw-for-tests", is_staff=True)


@pytest.fixture
def staff_api(staff_user) -> APIClient:
    client = APIClient()
    client.force_authenticate(staff_user)
    return client


@pytest.fixture
def version():
    """An active model version row (its checkpoint is a placeholder: no network is loaded)."""
    from recognizer.tests.factories import make_version

    return make_version("lenet5-test", active=True)


@pytest.fixture
def staff(client, staff_user):
    """Django's test client logged in as a staff superuser (the admin needs model permissions)."""
    staff_user.is_superuser = True
    staff_user.save()
    client.force_login(staff_user)
    return client


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker, tmp_path_factory):
    """gunicorn on 127.0.0.1 on the test database; yields (base URL, its media folder)."""
    work = tmp_path_factory.mktemp("live")
    with django_db_blocker.unblock():
        database_url = subprocess_database_url()
    env = {
        "DEBUG": "false",
        "HTTPS": "false",
        "SECRET_KEY": "live-server-test-secret-" + "x" * 30,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(work / "media"),
        "RESUBMISSION_WINDOW_SECONDS": "0",  # each request stores a drawing
        "RECOGNITION_THROTTLE_RATE": "off",
        # Tests empty the tables between them: look the active version up on every request.
        "MODEL_REFRESH_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }
    port = free_port()
    process = start_gunicorn(port, env=env, log=work / "gunicorn.log", workers=2)
    yield f"http://127.0.0.1:{port}", work / "media"
    stop(process)
