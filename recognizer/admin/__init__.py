"""The admin: each module registers its models (Django's autodiscovery imports this package)."""

from recognizer.admin import drawings, numbers, runs, versions  # noqa: F401 - each registers its models
