"""Readiness: can this instance answer recognitions right now? (database, cache, model)."""

import logging
import uuid

from django.core.cache import cache
from django.db import connection

from recognizer.reading.active_model import active_model

logger = logging.getLogger(__name__)


def _database_answers() -> bool:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        logger.warning("readiness: the database does not answer", exc_info=True)
        return False


def _cache_answers() -> bool:
    """A write and a read: with Redis this is the shared throttle and session cache."""
    key, value = "digitsite:readiness", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        return cache.get(key) == value
    except Exception:  # noqa: BLE001
        logger.warning("readiness: the cache does not answer", exc_info=True)
        return False


def _active_version_name() -> str | None:
    try:
        return active_model().version.name
    except Exception:  # noqa: BLE001
        logger.warning("readiness: no model is loaded", exc_info=True)
        return None


def readiness() -> dict:
    database = _database_answers()
    cache_ok = _cache_answers()
    version = _active_version_name() if database else None
    ready = database and cache_ok and version is not None
    return {
        "status": "ok" if ready else "unavailable",
        "database": database,
        "cache": cache_ok,
        "model_loaded": version is not None,
        "model_version": version,
    }
