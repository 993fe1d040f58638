"""A request id for every request, and one log line per request that carries it.

nginx sends its `$request_id` as X-Request-ID, so a line in nginx's log, the JSON lines of the
gunicorn instance that answered, and the X-Request-ID response header all share one id.
"""

import contextvars
import logging
import re
import time
import uuid

logger = logging.getLogger("digitsite.request")
_current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
# An incoming id is reused only when it is a plain token (it ends up in logs and headers).
_ACCEPTABLE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every log record ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current_request_id.get()
        return True


class RequestLogMiddleware:
    """Outermost middleware: sets the id, answers it as X-Request-ID, logs method/path/status/time,
    and reports the same time as `Server-Timing: app;dur=<ms>` (benchmarks read it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _ACCEPTABLE_ID.match(incoming) else uuid.uuid4().hex
        token = _current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 2)
            response["X-Request-ID"] = request_id
            response["Server-Timing"] = f"app;dur={duration_ms:.2f}"
            fields = {
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
            }
            logger.log(
                logging.ERROR if response.status_code >= 500 else logging.INFO,
                "%(method)s %(path)s %(status)s %(duration_ms)s ms",
                fields,
                extra=fields,  # as separate JSON keys too
            )
            return response
        finally:
            _current_request_id.reset(token)
