"""Staff pages for つなぎ. Thin: read input, authorise, one service call, render.

Pages that show anything about a person send `Cache-Control: no-store`; a referral the user
may not see is a 404, whether it exists or not.
"""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tsunagu.accounts.permissions import permission_required
from tsunagu.core.http import no_store
from tsunagu.core.models import Area
from tsunagu.directory.models import Service
from tsunagu.directory.troubles import TROUBLE_CODES, TROUBLE_LABELS

from . import access, figures, services, sheet
from .forms import ReferralForm, TransitionForm
from .models import Notice, Referral
from .states import TransitionError, allowed_next


def _prefill(query) -> dict:
    """What the navigator's 「この方をつなぐ」 link carries: codes, who, age band, ward."""
    initial = {}
    codes = [c for c in query.get("codes", "").split(",") if c in TROUBLE_CODES]
    if codes:
        initial["trouble_codes"] = codes
    if query.get("ward"):
        initial["ward"] = query["ward"]
    if query.get("who"):
        initial["noticed_as"] = query["who"]
    if query.get("age"):
        initial["age_band"] = query["age"]
    if query.get("service"):
        initial["service"] = query["service"]
    return initial


def _as_initial(data) -> dict:
    multiple = {"trouble_codes", "shared_items"}
    return {
        name: data.getlist(name) if name in multiple else data.get(name)
        for name in ReferralForm.base_fields
        if name in data
    }


def _candidates(codes, ward_code: str, search: str, chosen: str | None) -> list[Service]:
    found: list[Service] = []
    ward = Area.objects.filter(code=ward_code).first() if ward_code else None
    if codes and ward is not None:
        found = services.suggest_destinations(codes, ward)
    if search:
        found += list(
            Service.objects.active()
            .search(search)
            .filter(receiving_window__isnull=False)
            .select_related("organization")[:10]
        )
    if chosen and all(str(s.pk) != chosen for s in found):
        with contextlib.suppress(ValidationError):  # not a UUID: the form reports it
            found += list(Service.objects.filter(pk=chosen).select_related("organization"))
    unique = {s.pk: s for s in found}
    return list(unique.values())


@no_store
@permission_required(access.CREATE)
@require_http_methods(["GET", "POST"])
def new_referral(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        initial = _prefill(request.GET)
        candidates = _candidates(
            initial.get("trouble_codes", []), initial.get("ward", ""), "", initial.get("service")
        )
        form = ReferralForm(initial=initial, suggestions=candidates)
    else:
        data = request.POST
        candidates = _candidates(
            data.getlist("trouble_codes"),
            data.get("ward", ""),
            data.get("service_search", "").strip(),
            data.get("service"),
        )
        if "find" in data:
            # 「候補をさがす」 re-renders what was typed, with the destinations for the codes,
            # ward and search, and without error messages: nothing was submitted yet.
            form = ReferralForm(initial=_as_initial(data), suggestions=candidates)
        else:
            form = ReferralForm(data, suggestions=candidates)
        if form.is_bound and form.is_valid():
            try:
                with transaction.atomic():
                    referral = services.submit_referral(
                        form.draft(),
                        actor=request.user,
                        idempotency_key=form.cleaned_data["idempotency_key"],
                        request=request,
                    )
            except services.ReferralError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
                if error.suggestion is not None:
                    form.suggestions = [error.suggestion, *candidates]
            except PermissionDenied as error:
                raise Http404 from error
            else:
                messages.success(request, _("つなぎを記録しました。"))
                return redirect("referrals:mine_detail", uuid=referral.uuid)
    form.fields["service"].queryset = Service.objects.filter(
        pk__in=[s.pk for s in form.suggestions]
    ).select_related("organization")
    return render(
        request,
        "referrals/new.html",
        {"form": form, "status": 400 if form.errors else 200},
        status=400 if form.errors else 200,
    )


@no_store
@permission_required(access.CREATE)
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request, "referrals/mine.html", {"referrals": services.referrals_of_referrer(request.user)}
    )


@no_store
@permission_required(access.CREATE)
@require_GET
def mine_detail(request: HttpRequest, uuid) -> HttpResponse:
    try:
        view = services.referral_for_referrer(uuid, actor=request.user, request=request)
    except Referral.DoesNotExist as error:
        raise Http404 from error
    return render(request, "referrals/mine_detail.html", {"referral": view})


@no_store
@require_GET
def referral_sheet(request: HttpRequest, uuid) -> HttpResponse:
    """The つなぎシート of a referral: for the employee who made it (or its window)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        service = services.service_for_sheet(uuid, actor=request.user, request=request)
    except Referral.DoesNotExist as error:
        raise Http404 from error
    pdf = sheet.render_sheet(sheet.content_for(service))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="tsunagi-sheet.pdf"'
    return response


@no_store
@permission_required(access.INBOX)
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "referrals/inbox.html",
        {"inbox": services.inbox_for(request.user), "labels": TROUBLE_LABELS},
    )


@no_store
@require_GET
def detail(request: HttpRequest, uuid) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        referral = services.referral_for_window(uuid, actor=request.user, request=request)
    except Referral.DoesNotExist as error:
        raise Http404 from error
    return _render_detail(request, referral, TransitionForm())


def _render_detail(request, referral, form, status=200):
    can_handle = access.can_handle(request.user, referral)
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "form": form if can_handle and referral.is_open else None,
            "next_statuses": allowed_next(referral.status),
            "labels": TROUBLE_LABELS,
            "can_handle": can_handle,
        },
        status=status,
    )


@no_store
@require_POST
def change_status(request: HttpRequest, uuid) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = TransitionForm(request.POST)
    try:
        referral = services.referral_for_window(uuid, actor=request.user, request=request)
        if not access.can_handle(request.user, referral):
            raise Referral.DoesNotExist
    except Referral.DoesNotExist as error:
        raise Http404 from error
    if not form.is_valid():
        return _render_detail(request, referral, form, status=400)
    try:
        with transaction.atomic():
            services.transition(
                uuid,
                form.cleaned_data["status"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
                service=form.cleaned_data["service"],
                request=request,
            )
    except (TransitionError, services.ReferralError) as error:
        field = getattr(error, "field", None)
        form.add_error(field if field in form.fields else None, str(error))
        referral.refresh_from_db()
        return _render_detail(request, referral, form, status=409)
    except Referral.DoesNotExist as error:
        raise Http404 from error
    messages.success(request, _("状態を変更しました。"))
    return redirect("referrals:detail", uuid=uuid)


@no_store
@permission_required(access.OVERSEE)
@require_GET
def ward_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "referrals/ward.html",
        {"referrals": services.ward_referrals(request.user), "labels": TROUBLE_LABELS},
    )


@permission_required(access.FIGURES)
@require_GET
def figures_page(request: HttpRequest) -> HttpResponse:
    rows = figures.figures(
        figures.referrals_in(wards=access.wards_covered(request.user, access.FIGURES))
    )
    return render(request, "referrals/figures.html", {"rows": rows, "labels": TROUBLE_LABELS})


@no_store
@require_http_methods(["GET", "POST"])
def notices(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    mine = Notice.objects.filter(recipient=request.user).select_related("referral")
    if request.method == "POST":
        mine.unread().update(read_at=timezone.now())
        return redirect("referrals:notices")
    return render(request, "referrals/notices.html", {"notices": mine[:100]})
