"""Staff pages of the directory: list, stale list, edit with approval, corrections, import."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tsunagu.accounts.permissions import has_permission, permission_required
from tsunagu.core import audit
from tsunagu.core.http import safe_next

from . import review, tabular
from .forms import ImportForm, ServiceEditForm
from .models import CorrectionRequest, Service, ServiceChange

EDIT = review.EDIT
APPROVE = review.APPROVE


def _editable_or_404(request: HttpRequest, service_id) -> Service:
    service = (
        review.editable_services(request.user)
        .prefetch_related("service_areas", "phones", "schedules")
        .filter(pk=service_id)
        .first()
    )
    if service is None:
        raise Http404
    return service


@permission_required(EDIT)
def staff_list(request: HttpRequest) -> HttpResponse:
    services = (
        review.editable_services(request.user)
        .select_related("organization")
        .order_by("kana", "name")[:500]
    )
    return render(
        request,
        "directory/staff/list.html",
        {"services": services, "is_editor": has_permission(request.user, APPROVE)},
    )


@permission_required(EDIT)
def staff_stale(request: HttpRequest) -> HttpResponse:
    services = review.stale_services(request.user).select_related("organization")[:500]
    return render(request, "directory/staff/stale.html", {"services": services})


@permission_required(EDIT)
@require_http_methods(["GET", "POST"])
def staff_edit(request: HttpRequest, service_id) -> HttpResponse:
    service = _editable_or_404(request, service_id)
    if request.method == "POST":
        form = ServiceEditForm(request.POST)
        if form.is_valid():
            with transaction.atomic():
                change = review.propose_change(service, request.user, form.cleaned_data, request)
            if change is None:
                messages.info(request, _("変更はありませんでした。"))
            elif change.status == "approved":
                messages.success(request, _("保存しました。公開中の情報に反映されています。"))
            else:
                messages.success(
                    request, _("変更を受け付けました。名簿の担当者が確認してから公開されます。")
                )
            return redirect("directory:staff_edit", service_id=service.pk)
    else:
        form = ServiceEditForm(initial=review.current_values(service))
    history = service.changes.select_related("proposed_by", "decided_by")[:20]
    return render(
        request,
        "directory/staff/edit.html",
        {"service": service, "form": form, "history": history},
    )


@permission_required(EDIT)
@require_POST
def staff_confirm(request: HttpRequest, service_id) -> HttpResponse:
    service = _editable_or_404(request, service_id)
    with transaction.atomic():
        review.confirm_entry(service, request.user, request)
    messages.success(request, _("内容が正しいことを記録しました。"))
    return redirect(safe_next(request, reverse("directory:staff_stale")))


@permission_required(APPROVE)
def staff_changes(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "directory/staff/changes.html",
        {"changes": review.pending_changes_for(request.user)},
    )


@permission_required(APPROVE)
@require_POST
def staff_change_decide(request: HttpRequest, change_id: int) -> HttpResponse:
    change = get_object_or_404(ServiceChange.objects.select_related("service"), pk=change_id)
    decide = review.approve_change if request.POST.get("decision") == "approve" else None
    with transaction.atomic():
        done = (decide or review.reject_change)(change, request.user, request)
    if not done:
        raise Http404
    messages.success(request, _("承認しました。") if decide else _("却下しました。"))
    return redirect("directory:staff_changes")


@permission_required(EDIT)
def staff_corrections(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "directory/staff/corrections.html",
        {"corrections": review.open_corrections_for(request.user)[:200]},
    )


@permission_required(EDIT)
@require_POST
def staff_correction_resolve(request: HttpRequest, correction_id: int) -> HttpResponse:
    correction = get_object_or_404(
        CorrectionRequest.objects.filter(service__in=review.editable_services(request.user)),
        pk=correction_id,
    )
    with transaction.atomic():
        review.resolve_correction(correction, request.user, request)
    messages.success(request, _("対応済みにしました。"))
    return redirect("directory:staff_corrections")


@permission_required(APPROVE)
@require_http_methods(["GET", "POST"])
def staff_import(request: HttpRequest) -> HttpResponse:
    plan = problems = None
    dry_run = True
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            dry_run = form.cleaned_data["dry_run"]
            try:
                rows = tabular.read_upload(upload.name, upload.read())
                # The import and its audit entry are committed together or not at all.
                with transaction.atomic():
                    plan = tabular.import_rows(rows, dry_run=dry_run)
                    if not dry_run:
                        audit.record(
                            "directory.import.applied", actor=request.user, request=request
                        )
            except tabular.TabularImportError as error:
                problems = error.problems
    else:
        form = ImportForm()
    return render(
        request,
        "directory/staff/import.html",
        {"form": form, "plan": plan, "problems": problems, "dry_run": dry_run},
    )
