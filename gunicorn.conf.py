"""gunicorn settings for production: `gunicorn digitsite.wsgi` (values from the environment)."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Threads overlap database and storage waits; the network itself runs in ~1 ms per image.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Django and PyTorch are imported once in the master and shared copy-on-write by workers.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
