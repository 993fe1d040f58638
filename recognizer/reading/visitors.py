"""Tie drawings to a browser through a random key in a signed cookie (never an IP address).

A cookie of its own rather than a session entry: recognising a drawing then writes nothing
but the drawing, so no session row is created per API client, and no session save after the
view (where a database failure could only become a 500) can separate a stored drawing from
its owner.
"""

import secrets

from django.conf import settings

OWNER_COOKIE = "digitsite_owner"
_SALT = "digitsite.visitors.owner"


def owner_key(request, *, create: bool = False) -> str:
    """This browser's owner key; with create=True one is made (OwnerCookieMiddleware sends it)."""
    request = getattr(request, "_request", request)  # DRF's Request wraps Django's, which the middleware sees
    key = getattr(request, "_new_owner_key", "") or request.get_signed_cookie(OWNER_COOKIE, default="", salt=_SALT)
    if not key and create:
        key = secrets.token_hex(16)
        request._new_owner_key = key
    return key


class OwnerCookieMiddleware:
    """Sends a newly made owner key as an HttpOnly, signed, SameSite=Lax cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_new_owner_key", "")
        if key:
            response.set_signed_cookie(
                OWNER_COOKIE,
                key,
                salt=_SALT,
                max_age=settings.SESSION_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
