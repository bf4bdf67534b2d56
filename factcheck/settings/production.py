"""Production: every secret and address comes from the environment; HTTPS everywhere."""

from .base import *  # noqa: F403
from .env import cache_from_url, env_bool, env_int, env_str

DEBUG = False
DATABASE_URL = env_str("DATABASE_URL")  # required: no embedded default in production
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CACHES = {"default": cache_from_url(env_str("FACTCHECK_CACHE_URL"))}
CACHES["default"]["KEY_PREFIX"] = env_str("FACTCHECK_CACHE_KEY_PREFIX", "")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# /healthz is probed over plain HTTP by orchestrators inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
