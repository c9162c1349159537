"""Short-lived shared copies of the navigator's results, so a busy hour costs cache reads.

Why this is safe to share: a results address carries only the structured choices (never
free text, never who is asking), so the page for an address is the same for every anonymous
visitor who reads it in the same language and text size at the same moment. What changes it:
- the moment: a window opens or closes, or office hours begin or end. Each copy is kept only
  until the earliest such change among the services it ranked (`Results.changes_at`);
- the directory: every directory write replaces a generation token
  (tsunagu.directory.changes); a copy made under another token is not used;
- in any case a copy lives at most TSUNAGU_NAVI_CACHE_SECONDS (five minutes by default).

Copies sit in two places: in each web process's own memory (the "local" cache), where a hit
costs no network round trip (on a page this busy that is most of its cost), and in the
shared cache ("default": Redis when CACHE_URL is set), so a page one process built is not
built again by the others. Each process asks the shared cache for the directory's
generation token at most once a second (TSUNAGU_DIRECTORY_CHECK_SECONDS), so a directory
change reaches every process within about a second. Keys are hashes of the address.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import time
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches

from tsunagu.directory.changes import GENERATION_KEY

T = TypeVar("T")

# Stands in for the CSRF token in a shared page; each response gets its visitor's own token.
CSRF_PLACEHOLDER = "tsunagu-shared-page-csrf-token"


def key_for(kind: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"navi:{kind}:{digest}"


_generation: tuple[str, float] = ("", -math.inf)  # (token, when it was read: monotonic)


def directory_generation() -> str:
    """The directory's generation token, asked of the shared cache at most once every
    TSUNAGU_DIRECTORY_CHECK_SECONDS per process, so a hit costs no network round trip."""
    global _generation
    token, read_at = _generation
    now = time.monotonic()
    if now - read_at >= settings.TSUNAGU_DIRECTORY_CHECK_SECONDS:
        common = caches["default"]
        token = common.get(GENERATION_KEY)
        if token is None:
            # No token yet, or Redis restarted empty: start a new one rather than reuse "",
            # under which copies made before an earlier change may still sit in processes.
            common.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
            token = common.get(GENERATION_KEY, "")
        _generation = (token, now)
    return token


def shared(key: str, now: dt.datetime, build: Callable[[], tuple[T, dt.datetime | None]]) -> T:
    """The kept value for `key` if it is still true at `now`, else `build()`, kept.

    `build` returns the value and the moment it stops being true (None: not before the
    directory changes).
    """
    if settings.TSUNAGU_NAVI_CACHE_SECONDS <= 0:  # sharing turned off
        return build()[0]
    local, common = caches["local"], caches["default"]
    generation = directory_generation()

    def usable(entry) -> bool:
        return entry is not None and entry[0] == generation and now.timestamp() < entry[1]

    entry = local.get(key)
    if usable(entry):
        return entry[2]
    # Another process may have built it already: one round trip instead of a ranking.
    entry = common.get(key)
    if usable(entry):
        local.set(key, entry, timeout=math.ceil(entry[1] - now.timestamp()))
        return entry[2]
    value, changes_at = build()
    until = now + dt.timedelta(seconds=settings.TSUNAGU_NAVI_CACHE_SECONDS)
    if changes_at is not None:
        until = min(until, changes_at)
    seconds = (until - now).total_seconds()
    if seconds >= 1:
        entry = (generation, until.timestamp(), value)
        common.set(key, entry, timeout=math.ceil(seconds))
        local.set(key, entry, timeout=math.ceil(seconds))
    return value
