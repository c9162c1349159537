"""HTTP helpers other apps use on their views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme


def no_store(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Forbid every cache (browser, proxy) from keeping the page.

    Use it on every page that shows personal data, so nothing stays on a shared computer.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        patch_cache_control(response, no_store=True, private=True)
        return response

    return wrapped


def safe_next(request: HttpRequest, default: str) -> str:
    """The `next` address of a form or link when it stays on this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
