"""The navigator's API: free-text analysis (and, later, results) under /api/v1/navigator/."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse, QueryDict
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.renderers import JSONRenderer
from pydantic import Field

from tsunagu.core.ratelimit import ratelimit_allows

from . import caching
from .analysis import MAX_TEXT_LENGTH
from .choices import parse_moment
from .results import Results, Suggestion
from .services import analyze_text, navigator_results, read_choices

router = Router(tags=["navigator"])
# The API's own renderer (NinjaAPI's default), for answers kept in the cache.
_JSON = JSONRenderer()


class AnalyzeIn(Schema):
    text: str = Field(
        min_length=1,
        max_length=MAX_TEXT_LENGTH,
        description=f"The resident's own words (1 to {MAX_TEXT_LENGTH} characters). "
        "Analysed in memory; never stored or logged.",
    )


class CategoryOut(Schema):
    code: str
    score: float
    because: list[str]


class AnalyzeOut(Schema):
    crisis: bool
    categories: list[CategoryOut]


# Per client address (hashed in the cache, see core.ratelimit): generous for a person, low
# enough that the endpoint cannot be used as a free bulk classifier.
ANALYZE_LIMIT = 60
ANALYZE_PERIOD = 60


@router.post("/analyze", response=AnalyzeOut, summary="Crisis flag and trouble codes for a text")
def analyze(request, payload: AnalyzeIn):
    if not ratelimit_allows(
        request, "navigator.analyze", limit=ANALYZE_LIMIT, period=ANALYZE_PERIOD
    ):
        raise HttpError(429, "リクエストが多すぎます。1分ほど待ってから、もう一度送ってください。")
    return analyze_text(payload.text).as_dict()


class ResultsQuery(Schema):
    who: str = ""
    codes: str = Field("", description="Comma-separated trouble codes (taxonomy.md).")
    kw: str = Field("", description="Lexicon words from an analysis (never free text).")
    crisis: str = ""
    age: str = ""
    ward: str = Field("", description="Six-digit ward code, or `outside`.")
    contact: str = ""
    lang: str = ""
    src: str = ""
    at: str = Field("", description="ISO 8601 moment used instead of now for open-now.")


class LineOut(Schema):
    name: str
    number: str
    tel: str
    hours: str
    emergency: bool


class SuggestionOut(Schema):
    id: str
    name: str
    kind: str
    scope: str
    codes: list[str]
    reasons: list[str]
    open_now: bool | None
    next_opening: dt.datetime | None
    hours: str
    phone: str | None
    tel: str | None
    address: str
    transportation: str
    what_to_say: str
    sample: bool


class ResultsOut(Schema):
    crisis: bool
    emergency_lines: list[LineOut]
    crisis_lines: list[LineOut]
    after_hours: bool
    at: dt.datetime
    windows: list[SuggestionOut]
    places: list[SuggestionOut]
    ignored: list[str]


def _line(line) -> dict:
    return {
        "name": line.name,
        "number": line.number,
        "tel": line.tel_href,
        "hours": line.hours,
        "emergency": line.emergency,
    }


def _suggestion(s: Suggestion) -> dict:
    phone = s.phone
    return {
        "id": str(s.service.pk),
        "name": s.service.name,
        "kind": s.service.kind,
        "scope": s.scope,
        "codes": s.codes,
        "reasons": s.reasons,
        "open_now": s.status.is_open if s.status.known else None,
        "next_opening": s.status.next_opens_at,
        "hours": s.service.hours_note,
        "phone": phone.number if phone else None,
        "tel": phone.tel_href if phone else None,
        "address": s.address,
        "transportation": s.transportation,
        "what_to_say": s.service.what_to_say,
        "sample": s.service.is_sample,
    }


def results_as_dict(results: Results) -> dict:
    return {
        "crisis": results.crisis,
        "emergency_lines": [_line(line) for line in results.emergency_lines],
        "crisis_lines": [_line(line) for line in results.crisis_lines],
        "after_hours": results.after_hours,
        "at": results.at,
        "windows": [_suggestion(s) for s in results.windows],
        "places": [_suggestion(s) for s in results.places],
        "ignored": list(results.choices.ignored),
    }


@router.get("/results", response=ResultsOut, summary="Ranked windows and places for choices")
def results(request, filters: Query[ResultsQuery]):
    """The crisis lines (when the choices call for them), the windows ranked ward, city,
    nation (open ones first outside office hours) with the reasons, and places to connect.
    Unknown values are ignored and listed in `ignored`; a bad `at` is a 422."""
    at = timezone.now()
    if filters.at:
        at = parse_moment(filters.at)
        if at is None:
            raise HttpError(
                422, "at: ISO 8601 の日時にしてください（例: 2026-11-26T10:00+09:00）。"
            )
    if filters.at:
        return results_as_dict(navigator_results(_choices(filters), at))
    # Shared between callers for a few minutes, as the results page is (NAV-12). The
    # choices are read only when the answer has to be built.
    key = caching.key_for("api", request.build_absolute_uri(), request.LANGUAGE_CODE)
    body = caching.shared(key, at, lambda: _results_json(request, filters, at))
    return HttpResponse(body, content_type="application/json; charset=utf-8")


def _choices(filters: ResultsQuery):
    params = QueryDict(mutable=True)
    for name, value in filters.dict().items():
        if value and name != "at":
            params[name] = value
    return read_choices(params)


def _results_json(request, filters: ResultsQuery, at) -> tuple[str, dt.datetime | None]:
    """The answer as the API would render it (validated by ResultsOut), and until when."""
    found = navigator_results(_choices(filters), at)
    data = ResultsOut.model_validate(results_as_dict(found)).model_dump()
    return _JSON.render(request, data, response_status=200), found.changes_at
