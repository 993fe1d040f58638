"""Admin sign-in: repeated wrong passwords lock the client address out (django-axes)."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "the-right-password-1"


@pytest.fixture
def admin_account(django_user_model):
    return django_user_model.objects.create_user("boss", password=PASSWORD, is_staff=True, is_superuser=True)


def _sign_in(client, password: str, address: str = "203.0.113.7"):
    return client.post(LOGIN, {"username": "boss", "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_address_out_even_for_the_right_one(client, admin_account, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for attempt in range(4):
        assert _sign_in(client, f"guess-{attempt}").status_code == 200  # the form again, with an error
    locked = _sign_in(client, "guess-4")
    assert locked.status_code == 429 and b"locked" in locked.content.lower()
    assert _sign_in(client, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_another_address_still_signs_in_and_a_reset_lifts_the_lockout(client, admin_account):
    for attempt in range(5):
        _sign_in(client, f"guess-{attempt}")
    assert _sign_in(client, PASSWORD).status_code == 429
    elsewhere = _sign_in(client, PASSWORD, address="198.51.100.2")
    assert elsewhere.status_code == 302 and elsewhere["Location"] == "/admin/"
    call_command("axes_reset", verbosity=0)
    client.logout()
    assert _sign_in(client, PASSWORD).status_code == 302


def test_a_success_before_the_limit_forgets_the_failures(client, admin_account):
    for attempt in range(4):
        _sign_in(client, f"guess-{attempt}")
    assert _sign_in(client, PASSWORD).status_code == 302
    client.logout()
    for attempt in range(4):
        assert _sign_in(client, f"again-{attempt}").status_code == 200
