"""The recognition rate limit: at most N requests per client address in any window of the
rate's duration, checked and recorded in one atomic step.

DRF's own throttle reads a client's history from the cache, appends to it and writes it back;
requests arriving together all read the same history, so 16 concurrent clients got 94–99
requests through a 60/minute limit. Here, with Redis (REDIS_URL), the check and the record
are one Lua script: Redis runs a script alone, so no other request sees a half-done update,
and every process and machine shares the one count. The history is a sorted set of request
times per client (what DRF keeps as a list), with Redis's own clock, trimmed to the window and
expiring with it. A sliding log rather than a fixed-window counter (INCR) because it keeps
DRF's meaning exactly: a fixed window lets 2 × N through around its edge.

Without Redis the same happens under a process-wide lock: exact within a process, but each
process counts alone (`manage.py check --deploy` and gunicorn's startup warn about that).
"""

import logging
import threading
import uuid

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import AnonRateThrottle, BaseThrottle

logger = logging.getLogger(__name__)

# KEYS[1]: the client's key; ARGV: window in ms, limit, a unique member for this request.
# Returns {1, 0} when allowed (and recorded), {0, ms until the oldest request leaves}.
SLIDING_WINDOW = """
local now = redis.call('TIME')
local now_ms = now[1] * 1000 + math.floor(now[2] / 1000)
local window, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now_ms - window)
if redis.call('ZCARD', KEYS[1]) >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, tonumber(oldest[2]) + window - now_ms}
end
redis.call('ZADD', KEYS[1], now_ms, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return {1, 0}
"""
_process_lock = threading.Lock()
_scripts: dict[int, object] = {}


def shared_across_processes() -> bool:
    """Whether the default cache (and so the limit) is shared by every web process."""
    return isinstance(caches["default"], RedisCache)  # `cache` itself is a proxy


def _hit_redis(key: str, limit: int, window_seconds: int) -> tuple[bool, float]:
    # The cache's own client: the same REDIS_URL, connection pool and key prefix.
    client = cache._cache.get_client(key, write=True)  # noqa: SLF001 - Django's RedisCache client
    script = _scripts.get(id(client))
    if script is None:
        script = _scripts[id(client)] = client.register_script(SLIDING_WINDOW)
    allowed, wait_ms = script(keys=[cache.make_key(key)], args=[window_seconds * 1000, limit, uuid.uuid4().hex])
    return bool(allowed), max(0.0, int(wait_ms) / 1000)


def client_address(request) -> str:
    """The client's address as the throttle sees it (X-Forwarded-For only with NUM_PROXIES);
    the admin's sign-in lockout (django-axes) counts failures by it too."""
    return BaseThrottle().get_ident(request)


class RecognitionThrottle(AnonRateThrottle):
    """Anonymous recognitions per client address; the rate is RECOGNITION_THROTTLE_RATE."""

    scope = "recognition"
    _wait: float | None = None

    def allow_request(self, request, view) -> bool:
        """With the shared cache (Redis) unreachable, recognise without limiting rather than
        answer 500 to everyone; readiness reports the cache as down meanwhile."""
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:  # signed-in users
            return True
        try:
            if shared_across_processes():
                allowed, self._wait = _hit_redis(key, self.num_requests, self.duration)
                return allowed
            with _process_lock:  # DRF's read-modify-write, made atomic within the process
                return super().allow_request(request, view)
        except Exception:  # noqa: BLE001 - any cache client error (redis-py raises its own)
            logger.warning("throttling skipped: the cache does not answer", exc_info=True)
            return True

    def wait(self) -> float | None:
        return self._wait if shared_across_processes() else super().wait()


class PreviewThrottle(RecognitionThrottle):
    """Anonymous live readings per client address; the rate is PREVIEW_THROTTLE_RATE."""

    scope = "preview"
