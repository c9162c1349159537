"""Telling the readers of cached directory data that the directory has changed.

The navigator keeps rendered results for a few minutes (navigator/caching.py). Every
operation that writes directory entries calls `note_directory_changed()`, which replaces a
generation token in the shared cache once the transaction commits; cached results made under
another token are not used again. The caches also expire on their own within minutes, so a
write path that forgot to call this (a raw SQL fix, say) is stale for minutes, not for ever.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "directory:generation"


def note_directory_changed() -> None:
    # After commit: a reader that builds from the old rows in the meantime stores them under
    # the old token, which no longer matches. A random token needs no read-modify-write.
    transaction.on_commit(lambda: cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None))
