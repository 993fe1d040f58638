"""gunicorn settings for production: `gunicorn digitsite.wsgi` (values from the environment)."""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One worker per core: requests are CPU-bound, and each worker holds its own GIL.
workers = int(os.environ.get("WEB_CONCURRENCY") or os.cpu_count() or 2)
# Threads overlap database and storage waits; the network itself runs in ~1 ms per image.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Django and PyTorch are imported once in the master and shared copy-on-write by workers.
preload_app = True
# Each worker touches a heartbeat file on every loop; in memory that costs no disk write.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Django logs every request itself, in JSON with its request id (digitsite/request_log.py);
# GUNICORN_ACCESS_LOG=- adds gunicorn's own access lines.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
if os.environ.get("LOG_FORMAT", "json") == "json":
    # gunicorn's own lines (worker starts, timeouts, kills) as JSON objects too.
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            }
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
        "loggers": {
            "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
            # Access lines only when asked for (they are INFO records).
            "gunicorn.access": {
                "handlers": ["console"],
                "level": "INFO" if accesslog else "WARNING",
                "propagate": False,
            },
        },
    }


def when_ready(server):
    """Say so at startup when each worker counts the rate limit alone (no REDIS_URL)."""
    from recognizer.checks import per_process_throttle_warning

    if message := per_process_throttle_warning():
        server.log.warning("%s This server runs %d worker(s).", message, workers)


def pre_fork(server, worker):
    """Keep the master's pages shared: a worker's garbage collector would otherwise write to
    every object it inherited (the collector's header in each), copying nearly all of them into
    the worker within its first hundred requests (136 against 37 MB of private memory per
    worker, bench/api_load.py). Frozen objects sit in a generation the collector skips."""
    gc.freeze()
