from __future__ import annotations

import csv

from django.conf import settings
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from tsunagu.accounts.permissions import permission_required
from tsunagu.directory.services import crisis_lines

from . import audit
from .forms import AuditSearchForm
from .http import no_store, safe_next
from .text_size import TEXT_SIZE_COOKIE, TEXT_SIZES


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for the load balancer: the process answers. Touches no database or cache, so
    a slow database does not take every web process out of rotation at once."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def crisis(request: HttpRequest) -> HttpResponse:
    return render(request, "core/crisis.html", {"lines": crisis_lines()})


@require_POST
def set_text_size(request: HttpRequest) -> HttpResponse:
    """Remember the reader's text size; a plain form post, so it needs no JavaScript."""
    size = request.POST.get("size", "")
    response = HttpResponseRedirect(safe_next(request, "/"))
    if size in TEXT_SIZES:
        response.set_cookie(
            TEXT_SIZE_COOKIE,
            size,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.PRODUCTION,
        )
    return response


AUDIT_PAGE_SIZE = 50


def _audit_entries(form: AuditSearchForm):
    data = form.cleaned_data
    return audit.search(
        actor_email=data.get("actor") or "",
        target=data.get("target") or "",
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )


@require_GET
@permission_required("system.audit.read")
@no_store
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET)  # every field is optional: no input lists everything
    page = None
    if form.is_valid():
        # Reading the log shows staff activity, so the reading is logged too (listed first).
        audit.record("core.audit.searched", actor=request.user, request=request)
        page = Paginator(_audit_entries(form), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@require_GET
@permission_required("system.audit.read")
@no_store
def audit_export(request: HttpRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET)
    if not form.is_valid():
        return render(request, "core/audit_log.html", {"form": form, "page": None}, status=400)
    with transaction.atomic():
        audit.record("core.audit.exported", actor=request.user, request=request)
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in audit.export_rows(_audit_entries(form))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value
