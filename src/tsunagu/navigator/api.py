"""The navigator's API: free-text analysis (and, later, results) under /api/v1/navigator/."""

from __future__ import annotations

from ninja import Router, Schema
from pydantic import Field

from .analysis import MAX_TEXT_LENGTH
from .services import analyze_text

router = Router(tags=["navigator"])


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


@router.post("/analyze", response=AnalyzeOut, summary="Crisis flag and trouble codes for a text")
def analyze(request, payload: AnalyzeIn):
    # Rate limiting: tsunagu.core.ratelimit has not landed in main yet; wire it here when it
    # does (docs/architecture.md NAV-4).
    return analyze_text(payload.text).as_dict()
