from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from tsunagu.directory.services import crisis_lines

from .text_size import TEXT_SIZE_COOKIE, TEXT_SIZES


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@require_GET
def crisis(request: HttpRequest) -> HttpResponse:
    return render(request, "core/crisis.html", {"lines": crisis_lines()})


@require_POST
def set_text_size(request: HttpRequest) -> HttpResponse:
    """Remember the reader's text size; a plain form post, so it needs no JavaScript."""
    size = request.POST.get("size", "")
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if size in TEXT_SIZES:
        response.set_cookie(
            TEXT_SIZE_COOKIE,
            size,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.PRODUCTION,
        )
    return response
