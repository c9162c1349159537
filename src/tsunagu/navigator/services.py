"""Operations of the navigator that the pages, the API and the commands all call.

Free text a resident typed is analysed in memory and dropped: no function here stores it,
logs it or passes it anywhere else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.db.models import F
from django.utils import timezone

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


def known_ward_codes() -> set[str]:
    """The wards a resident can pick (one query)."""
    from tsunagu.core.models import Area, AreaKind

    return set(Area.objects.filter(kind=AreaKind.WARD).values_list("code", flat=True))


def read_choices(params) -> Choices:
    return parse_choices(params, known_ward_codes())


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
        if category.score < MIN_TEXT_SCORE and not analysis.crisis:
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


def record_usage(choices: Choices, crisis_shown: bool, on: dt.date | None = None) -> None:
    """Count one results page, anonymously (see models.UsageCount)."""
    row, _created = UsageCount.objects.get_or_create(
        date=on or timezone.localdate(),
        ward=choices.ward,
        codes=",".join(sorted(choices.codes)),
        age=choices.age,
        who=choices.who,
        channel=known_poster_id(choices.src),
        crisis_shown=crisis_shown,
    )
    UsageCount.objects.filter(pk=row.pk).update(count=F("count") + 1)
