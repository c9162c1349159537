from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tsunagu.core.models import Area, AreaKind
from tsunagu.core.ratelimit import ratelimit_allows

from . import review, tabular
from .forms import CorrectionForm, DirectorySearchForm
from .hours import opening_status
from .models import Service
from .search import DirectoryQuery, search_directory, service_detail


@require_GET
def directory_list(request: HttpRequest) -> HttpResponse:
    wards = list(Area.objects.filter(kind=AreaKind.WARD).order_by("kana"))
    form = DirectorySearchForm(request.GET or None, wards=wards)
    data = form.cleaned_data if form.is_valid() else {}
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    query = DirectoryQuery(
        text=data.get("q", ""),
        ward=data.get("ward", ""),
        code=data.get("code", ""),
        kind=data.get("kind", ""),
        open_now=data.get("open_now", False),
        free=data.get("free", False),
        anonymous=data.get("anonymous", False),
        language=data.get("language", ""),
        page=page,
    )
    now = timezone.now()
    result = search_directory(query, now)
    entries = [(service, opening_status(service, now)) for service in result.page]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "directory/list.html",
        {
            "form": form,
            "result": result,
            "entries": entries,
            "query_string": params.urlencode(),
        },
    )


@require_GET
def service_page(request: HttpRequest, service_id) -> HttpResponse:
    try:
        service = service_detail(service_id)
    except ValidationError as error:
        raise Http404 from error
    if service is None:
        raise Http404
    now = timezone.now()
    locations = [sal.location for sal in service.service_at_locations.all()]
    return render(
        request,
        "directory/detail.html",
        {
            "service": service,
            "status": opening_status(service, now),
            "locations": locations,
            "areas": list(service.service_areas.all()),
        },
    )


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def import_template_csv(request: HttpRequest) -> HttpResponse:
    return _download(tabular.template_csv(), "tsunagu-directory-template.csv", "text/csv")


@require_GET
def import_template_xlsx(request: HttpRequest) -> HttpResponse:
    return _download(
        tabular.template_xlsx(),
        "tsunagu-directory-template.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    """The public directory as a spreadsheet: hidden addresses left out."""
    return _download(
        tabular.export_csv(Service.objects.active(), public=True),
        "tsunagu-directory.csv",
        "text/csv; charset=utf-8",
    )


# At most this many notes an hour from one client (the shared limiter hashes the address,
# and reads it from behind the trusted proxies, so residents are not lumped together).
CORRECTIONS_PER_HOUR = 5


@require_http_methods(["GET", "POST"])
def correction(request: HttpRequest, service_id) -> HttpResponse:
    """この情報の誤りを知らせる: a choice only, no free text and nothing about the sender."""
    service = service_detail(service_id)
    if service is None:
        raise Http404
    sent = False
    limited = False
    if request.method == "POST":
        form = CorrectionForm(request.POST)
        if form.is_valid():
            if ratelimit_allows(
                request, "directory.correction", limit=CORRECTIONS_PER_HOUR, period=3600
            ):
                with transaction.atomic():
                    review.file_correction(service, form.cleaned_data["kind"])
                sent = True
            else:
                limited = True
    else:
        form = CorrectionForm()
    response = render(
        request,
        "directory/correction.html",
        {"service": service, "form": form, "sent": sent, "limited": limited},
    )
    if limited:
        response.status_code = 429
    return response
