"""Test settings: same base, faster password hashing, synchronous jobs, in-memory mail."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("MAILLAGE_HOME", tempfile.mkdtemp(prefix="maillage-test-"))
os.environ.setdefault("HUEY_IMMEDIATE", "1")

from config.settings.base import *  # noqa: F403
from config.settings.base import MAILLAGE_HOME

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Each test process its own memory cache: tests stay independent whatever REDIS_URL says
# (tests/common/test_cache_settings.py checks the shared backends themselves).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SEARCH_INDEX_DIR = Path(MAILLAGE_HOME) / "index"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# On SQLite, test on a file (not shared-cache memory) so concurrent tests see real WAL locking
# and the busy timeout, as in production.
if str(DATABASES["default"]["ENGINE"]).endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(Path(MAILLAGE_HOME) / "test.sqlite3")}  # noqa: F405

# WhiteNoise warns when STATIC_ROOT is missing; tests never collect static files.
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # noqa: F405
