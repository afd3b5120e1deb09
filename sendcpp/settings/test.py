"""Test-only overrides: fast hashing, in-memory email, no HTTPS redirect."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("LOG_FORMAT", "plain")
# Nothing is skipped for want of Redis: with REDIS_URL unset, the run starts its own (the
# process that loads these settings first, so pytest-xdist's workers inherit it).
if not os.environ.get("REDIS_URL"):
    from pathlib import Path

    from sendcpp.embedded import redis_url_for_this_run

    os.environ["REDIS_URL"] = redis_url_for_this_run(Path(__file__).resolve().parents[2])

from sendcpp.settings.base import *  # noqa: F403
from sendcpp.settings.base import BASE_DIR, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    **STORAGES,
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": BASE_DIR / "var" / "test-documents", "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rate limits count in the (per-test cleared) cache; the Redis tests point this at REDIS_URL.
THROTTLE_REDIS_URL = ""

# Each test process (pytest-xdist worker) has its own queue, heartbeat and task counts on the
# shared Redis: a real worker started by one must never take another's tasks (its database differs).
CELERY_TASK_DEFAULT_QUEUE = f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
CELERY_TASK_QUEUES, CELERY_TASK_ROUTES = celery_queues(CELERY_TASK_DEFAULT_QUEUE)  # noqa: F405
# Tasks run in-process in tests unless a test drives a real worker itself.
CELERY_TASK_ALWAYS_EAGER = True
WHITENOISE_AUTOREFRESH = True
