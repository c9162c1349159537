"""The reader's chosen text size, kept in a cookie so it works without JavaScript."""

from __future__ import annotations

from django.http import HttpRequest

TEXT_SIZE_COOKIE = "tsunagu_text_size"
TEXT_SIZES = ("standard", "large", "larger")
DEFAULT_TEXT_SIZE = "standard"


def text_size_from_request(request: HttpRequest) -> str:
    value = request.COOKIES.get(TEXT_SIZE_COOKIE, DEFAULT_TEXT_SIZE)
    return value if value in TEXT_SIZES else DEFAULT_TEXT_SIZE
