"""DigitSite settings: every deploy-time choice is read from the environment, once, here.

With no environment at all this is a working local site: DEBUG on, SQLite in the project
folder, media in `media/`, the shipped model. Production sets DEBUG=false and must then set
SECRET_KEY and ALLOWED_HOSTS; see the README's configuration table.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

import ml.weights

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "axes",  # admin sign-in: lockout after repeated failures
    "recognizer",
]

MIDDLEWARE = [
    "digitsite.request_log.RequestLogMiddleware",
    "recognizer.middleware.PageSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before whitenoise, so the page and static files it answers get the header too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After the two above, so its 413 and 411 carry their headers; before anything reads the body.
    "recognizer.middleware.BodySizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",  # staff sign-in only
    "recognizer.reading.visitors.OwnerCookieMiddleware",  # which drawings are this browser's
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires: answers 429 when locked out
]

ROOT_URLCONF = "digitsite.urls"
WSGI_APPLICATION = "digitsite.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

# --- Database: SQLite by default, PostgreSQL (or any dj-database-url) through DATABASE_URL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions let concurrent requests queue for the write lock
    # instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file (not shared-cache memory) so that tests with threads get real locking.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "data" / "test-db.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: per-process memory by default; with several web processes REDIS_URL must be set,
# or each process keeps its own throttle counts (a limit of N becomes N per process).
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="digitsite"),
        }
    }
    # Staff sessions stay in the database; Redis only speeds up reads (visitors have no session:
    # an owner cookie ties drawings to a browser).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Files: media only through Django's storage API, so a bucket is a settings change.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media/"  # not served publicly: drawings are private to their browser and staff
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# The React build (frontend/dist) is served at "/" by whitenoise; hashed assets never change.
FRONTEND_DIST = Path(env.str("FRONTEND_DIST", default=str(BASE_DIR / "frontend" / "dist")))
WHITENOISE_ROOT = FRONTEND_DIST if FRONTEND_DIST.is_dir() else None
WHITENOISE_INDEX_FILE = True
WHITENOISE_ALLOW_ALL_ORIGINS = False  # the page and its assets are for this origin only


def WHITENOISE_IMMUTABLE_FILE_TEST(path: str, url: str) -> bool:  # noqa: N802 - a setting
    return url.startswith("/assets/")


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Media in an S3-compatible bucket (AWS, MinIO, Ceph...) when S3_BUCKET is set. Credentials come
# the usual boto3 ways (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, an instance role...).
S3_BUCKET = env.str("S3_BUCKET", default="")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "location": env.str("S3_PREFIX", default=""),
            "default_acl": None,  # private objects; the API streams drawings to their owners
            "file_overwrite": False,  # a name clash gets a new name, never replaces a drawing
            "querystring_auth": True,
        },
    }

# --- Request limits: a canvas PNG is tens of kilobytes; 2 MB leaves room for any phone.
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=2 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES + 64 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE  # uploads stay in memory, no temp files

# --- Security.
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_ALLOW_CREDENTIALS = bool(CORS_ALLOWED_ORIGINS)  # credentials only for named origins
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=CORS_ALLOWED_ORIGINS)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 24 * 365)
SECURE_CONTENT_TYPE_NOSNIFF = True
# The drawing page's policy (recognizer.middleware; deploy/nginx sends the same for "/").
PAGE_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Production (DEBUG off) is HTTPS-only unless HTTPS=false (plain HTTP, e.g. the loopback cluster
# check): TLS ends at nginx, which sets X-Forwarded-Proto, so Django trusts that header then.
HTTPS = env.bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^api/v1/health/"]  # probes talk plain HTTP to each instance
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=HTTPS) else None
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=HTTPS)

# --- Admin sign-in: after ADMIN_LOGIN_FAILURE_LIMIT wrong passwords from one client address,
# that address cannot sign in (429, even with the right password) for ADMIN_LOGIN_LOCKOUT_MINUTES.
# django-axes records the failures in the database (shared by every process);
# `manage.py axes_reset` lifts every lockout. The address is the throttle's (NUM_PROXIES).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("ADMIN_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("ADMIN_LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "recognizer.api.throttling.client_address"
AXES_VERBOSE = False

# --- API.
RECOGNITION_THROTTLE_RATE = env.str("RECOGNITION_THROTTLE_RATE", default="60/minute")
# Live readings (the preview endpoints) store nothing and the page asks for one each time the
# pen lifts, so they have their own, higher limit.
PREVIEW_THROTTLE_RATE = env.str("PREVIEW_THROTTLE_RATE", default="300/minute")
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PARSER_CLASSES": [
        "recognizer.api.json_input.BoundedJSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "recognizer.api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "recognition": None if RECOGNITION_THROTTLE_RATE == "off" else RECOGNITION_THROTTLE_RATE,
        "preview": None if PREVIEW_THROTTLE_RATE == "off" else PREVIEW_THROTTLE_RATE,
    },
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),  # 0: the peer address; X-Forwarded-For is not trusted
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "DigitSite API",
    "DESCRIPTION": "Handwritten digit recognition with LeNet-5; every drawing is stored for review.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # A drawing's review status appears in a recognition and in a live reading: one enum for both.
    "ENUM_NAME_OVERRIDES": {"RecognitionStatusEnum": "recognizer.models.Drawing.Status"},
}

# --- Background jobs (retraining): Django's Tasks API with the database as the queue, so no
# extra server is needed; `python manage.py db_worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Recognition.
SHIPPED_WEIGHTS = ml.weights.SHIPPED_WEIGHTS
TORCH_THREADS = env.int("TORCH_THREADS", default=1)  # one per request thread: the net is tiny
MODEL_REFRESH_SECONDS = env.float("MODEL_REFRESH_SECONDS", default=2.0)
# "uncertain": top probability under 0.70, or the runner-up within 0.50 of it.
UNCERTAIN_BELOW_CONFIDENCE = env.float("UNCERTAIN_BELOW_CONFIDENCE", default=0.70)
UNCERTAIN_BELOW_MARGIN = env.float("UNCERTAIN_BELOW_MARGIN", default=0.50)
# The same image from the same browser within this many seconds is the drawing already stored
# (Enter pressed twice, a retried request): answered 200 with it, not stored again. 0: off.
RESUBMISSION_WINDOW_SECONDS = env.float("RESUBMISSION_WINDOW_SECONDS", default=60.0)
# Drawings and written numbers older than this many days are deleted (rows and files) by
# `manage.py purge_old_drawings`, run from cron; 0 keeps them until their drawer deletes them.
DRAWING_RETENTION_DAYS = env.int("DRAWING_RETENTION_DAYS", default=365)
if DRAWING_RETENTION_DAYS < 0:
    raise ImproperlyConfigured("DRAWING_RETENTION_DAYS must be 0 (keep) or a number of days.")

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Logs: one JSON object per line in production (LOG_FORMAT=json, the default with DEBUG off),
# each with the request id that nginx sends as X-Request-ID (or one made here).
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "digitsite.request_log.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Django's own handlers are replaced by the one above; its 4xx request warnings are
    # left out because digitsite.request logs every answer.
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"handlers": [], "level": "ERROR", "propagate": True},
        "django.server": {"handlers": [], "level": "WARNING", "propagate": True},
    },
}
