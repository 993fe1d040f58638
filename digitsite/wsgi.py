"""WSGI entry point for gunicorn: `gunicorn digitsite.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver
from PIL import Image

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digitsite.settings")
application = get_wsgi_application()

# Load now what the first request would load: the URLconf with every view it imports (API,
# admin, the recognizer and ml), and Pillow's image plugins. Under gunicorn's preload_app this
# runs once in the master, whose pages the workers share, instead of in each worker, where it
# cost about 30 MB of private memory per worker (bench/api_load.py reports it).
get_resolver().url_patterns  # noqa: B018 - the property imports the URLconf
Image.init()
