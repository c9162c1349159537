"""Operations of the navigator that the pages, the API and the commands all call.

Free text a resident typed is analysed in memory and dropped: no function here stores it,
logs it or passes it anywhere else.
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import threading
import time
from collections import Counter
from dataclasses import replace

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from tsunagu.core.services import ward_codes

from .analysis import MAX_TEXT_LENGTH, Analysis, analyse, get_analyzer
from .choices import MAX_KEYWORDS, Choices, known_poster_id, parse_choices
from .models import UsageCount
from .results import Results, build_results

# From a free text, at most this many codes join the choices, each at least this strong.
TEXT_CODES = 3
MIN_TEXT_SCORE = 0.3


class TextTooLong(ValueError):
    """The text is over the limit; the message says how to fix it."""


def analyze_text(text: str) -> Analysis:
    """Crisis or not, and the trouble codes the words point to, strongest first."""
    if len(text) > MAX_TEXT_LENGTH:
        raise TextTooLong(
            f"文章が長すぎます（{len(text)}文字）。{MAX_TEXT_LENGTH}文字以内に短くしてください。"
        )
    return analyse(text)


# ---------------------------------------------------------------------------------------
# Results


def read_choices(params) -> Choices:
    return parse_choices(params, ward_codes())


def add_text_to_choices(choices: Choices, text: str, *, cut_to_limit: bool = False) -> Choices:
    """Fold what the free text says into the structured choices, then forget the text.

    The codes it points to join the chosen ones (strongest first, at most three), the
    lexicon words that led to them become the `kw` of the address, and a crisis sets the
    crisis flag. Nothing of the text itself is kept.

    With `cut_to_limit` a text over the limit is analysed up to the limit instead of being
    refused, so a crisis in a long text is never missed.
    """
    if not text.strip():
        return choices
    analysis = analyse(text) if cut_to_limit else analyze_text(text)
    codes = list(choices.codes)
    keywords = list(choices.keywords)
    for category in analysis.categories[:TEXT_CODES]:
        # In a crisis every code the words led to counts, however weak; a guess (no words,
        # NAV-14) only when it is strong enough.
        if category.score < MIN_TEXT_SCORE and not (analysis.crisis and category.because):
            continue
        if category.code not in codes:
            codes.append(category.code)
        keywords.extend(w for w in category.because if w not in keywords)
    words = get_analyzer().word_codes
    keywords = [w for w in keywords if w in words][:MAX_KEYWORDS]
    return replace(
        choices,
        codes=tuple(codes),
        keywords=tuple(keywords),
        crisis=choices.crisis or analysis.crisis,
    )


def navigator_results(choices: Choices, at: dt.datetime | None = None) -> Results:
    return build_results(choices, at or timezone.now())


# Usage counts wait in the process and are written together (NAV-13): a busy results page
# would otherwise queue every visitor on the same row's lock. Counts of at most
# TSUNAGU_USAGE_FLUSH_SECONDS are lost if the process dies; they are anonymous totals.
_pending: Counter[tuple] = Counter()
_pending_lock = threading.Lock()
_last_flush = time.monotonic()

logger = logging.getLogger(__name__)


def record_usage(choices: Choices, crisis_shown: bool, on: dt.date | None = None) -> None:
    """Count one results page, anonymously (see models.UsageCount)."""
    global _last_flush
    key = (
        on or timezone.localdate(),
        choices.ward,
        ",".join(sorted(choices.codes)),
        choices.age,
        choices.who,
        known_poster_id(choices.src),
        crisis_shown,
    )
    with _pending_lock:
        _pending[key] += 1
        due = time.monotonic() - _last_flush >= settings.TSUNAGU_USAGE_FLUSH_SECONDS
    if due:
        flush_usage()


def flush_usage() -> int:
    """Write the counts waiting in this process; returns how many visits were written.

    If the database refuses, the counts go back to wait for the next flush and the page that
    triggered it is still served.
    """
    global _last_flush
    with _pending_lock:
        batch = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    if not batch:
        return 0
    try:
        _add_visits(batch)
    except DatabaseError:
        with _pending_lock:
            _pending.update(batch)
        logger.warning("Navigator usage counts not written; kept for the next try.")
        return 0
    return sum(batch.values())


USAGE_KEY_FIELDS = ("date", "ward", "codes", "age", "who", "channel", "crisis_shown")
_ROWS_PER_STATEMENT = 100  # 8 parameters a row stays under SQLite's parameter limit


def _add_visits(batch: dict[tuple, int]) -> None:
    """Add the visits to their rows in one statement per hundred rows: an upsert that adds
    to the stored count, so processes flushing at once neither lose counts nor wait on each
    other's transactions. Rows go in sorted order so two flushes lock them in the same
    order and cannot deadlock. (The ORM's bulk_create can only overwrite a count.)"""
    quote = connection.ops.quote_name
    table = quote(UsageCount._meta.db_table)
    keys = ", ".join(quote(name) for name in USAGE_KEY_FIELDS)
    rows = sorted(batch.items())
    with transaction.atomic():
        for start in range(0, len(rows), _ROWS_PER_STATEMENT):
            chunk = rows[start : start + _ROWS_PER_STATEMENT]
            placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
            params = [value for key, visits in chunk for value in (*key, visits)]
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {table} ({keys}, {quote('count')}) VALUES {placeholders} "  # noqa: S608 - names from the model, values bound
                    f"ON CONFLICT ({keys}) DO UPDATE "
                    f"SET {quote('count')} = {table}.{quote('count')} + excluded.{quote('count')}",
                    params,
                )


def discard_pending_usage() -> None:
    """Forget the counts waiting in this process (tests start from none)."""
    with _pending_lock:
        _pending.clear()


# A web process that stops cleanly (a deploy, gunicorn's max-requests) writes what it holds.
atexit.register(flush_usage)
