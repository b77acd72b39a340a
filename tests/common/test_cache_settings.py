"""The cache the web workers share (rate limits): files by default, Redis with REDIS_URL.

Each check runs Django in fresh subprocesses with the development settings, as two gunicorn
workers would: what one process counts, the other sees.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COUNT = (
    "import django; django.setup();"
    "from django.core.cache import cache;"
    "from django.conf import settings;"
    "cache.add('maillage-test-counter', 0, timeout=60);"
    "print(settings.CACHES['default']['BACKEND'], cache.incr('maillage-test-counter'))"
)


def _count(home: Path, redis_url: str = "") -> tuple[str, int]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "MAILLAGE_HOME": str(home),
        "REDIS_URL": redis_url,
    }
    out = subprocess.run(
        [sys.executable, "-c", COUNT], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    return out[0], int(out[1])


def test_file_cache_is_shared_between_processes(tmp_path: Path) -> None:
    first = _count(tmp_path)
    second = _count(tmp_path)
    assert first == ("django.core.cache.backends.filebased.FileBasedCache", 1)
    assert second[1] == 2  # the second "worker" saw the first one's count
    assert (tmp_path / "cache").is_dir()


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL not set (the CI sets it)")
def test_redis_cache_with_redis_url(tmp_path: Path) -> None:
    url = os.environ["REDIS_URL"]
    backend, first = _count(tmp_path, url)
    _, second = _count(tmp_path / "other-home", url)
    assert backend == "django.core.cache.backends.redis.RedisCache"
    assert second == first + 1  # shared through the server, not the home directory
