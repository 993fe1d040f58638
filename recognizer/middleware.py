"""Request-level middleware: body size limit before anything reads the body, and the drawing
page's content security policy. (Timing and request ids: digitsite/request_log.py.)"""

from django.conf import settings
from django.http import JsonResponse


class BodySizeLimitMiddleware:
    """Answer 413 for a declared body over MAX_REQUEST_BYTES, without reading it, and 411 for a
    chunked body: Django reads only Content-Length bytes under WSGI, so a chunked body would be
    silently empty (a misleading "missing image"). nginx in front turns chunked bodies into
    ones with a length. Placed after SecurityMiddleware, so these answers carry its headers.

    Bodies without a Content-Length are still capped by DATA_UPLOAD_MAX_MEMORY_SIZE when read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            return JsonResponse(
                {
                    "error": "length_required",
                    "detail": "Send the body with a Content-Length; chunked request bodies are not accepted.",
                },
                status=411,
            )
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return JsonResponse(
                {
                    "error": "payload_too_large",
                    "detail": f"The request body is {length} bytes; the limit is {settings.MAX_REQUEST_BYTES}.",
                },
                status=413,
            )
        return self.get_response(request)


class PageSecurityPolicyMiddleware:
    """A strict Content-Security-Policy on the drawing page (`/`, served by whitenoise).

    The page loads only its own hashed script and stylesheet and talks only to this origin;
    previews are data: URLs. The admin and the API docs keep Django's defaults (their
    templates carry inline scripts).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path in ("/", "/index.html") and response.get("Content-Type", "").startswith("text/html"):
            response.setdefault("Content-Security-Policy", settings.PAGE_CONTENT_SECURITY_POLICY)
        return response
