"""Tie drawings to a browser through a random key in its session (never an IP address)."""

import secrets

SESSION_OWNER_KEY = "digitsite_owner"


def owner_key(request, *, create: bool = False) -> str:
    """This browser's owner key; with create=True one is made (which starts a session)."""
    key = request.session.get(SESSION_OWNER_KEY, "")
    if not key and create:
        key = secrets.token_hex(16)
        request.session[SESSION_OWNER_KEY] = key
    return key
