from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from .text_size import text_size_from_request


def site(request: HttpRequest) -> dict:
    return {
        "site_name": settings.TSUNAGU_SITE_NAME,
        "quick_exit_url": settings.TSUNAGU_QUICK_EXIT_URL,
        "text_size": text_size_from_request(request),
        # Each language is named in itself, as a reader looking for their own expects.
        "site_languages": settings.LANGUAGES,
    }
