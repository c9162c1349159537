"""HSDS API 3.0 read endpoints, mounted at /api/hsds/ (see the official openapi.json).

Lists answer with the HSDS Page wrapper; `per_page` is capped so one request stays a bounded
number of queries whatever the directory's size. Addresses marked hidden never appear.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.errors import HttpError

from ..models import (
    Attribute,
    Organization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from . import HSDS_PROFILE, HSDS_VERSION
from .export import (
    location_to_hsds,
    organization_to_hsds,
    service_at_location_to_hsds,
    service_list_item,
    service_to_hsds,
    taxonomy_to_hsds,
    term_to_hsds,
)

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200

hsds_api = NinjaAPI(
    title="Tsunagu HSDS API",
    version=HSDS_VERSION,
    urls_namespace="hsds",
    description="Open Referral HSDS 3.0 read API for the つなぐ directory (public, read-only).",
)


def _uuid(value: str | None, name: str) -> uuid.UUID | None:
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError as error:
        raise HttpError(400, f"{name} は UUID にしてください。") from error


def _since(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise HttpError(400, "modified_after は ISO 8601 の日時にしてください。") from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment


def _page(qs: QuerySet, page: int, per_page: int, render) -> dict:
    """The HSDS Page wrapper around one page of `qs`."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    total = qs.count()
    total_pages = max(1, math.ceil(total / per_page))
    items = list(qs[(page - 1) * per_page : page * per_page]) if total else []
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(items),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not items,
        "contents": [render(item) for item in items],
    }


def _filter_services(
    qs,
    search: str | None,
    taxonomy_term_id: str | None,
    taxonomy_id: str | None,
    organization_id: str | None,
    modified_after: str | None,
    prefix: str = "",
):
    term = _uuid(taxonomy_term_id, "taxonomy_term_id")
    taxonomy = _uuid(taxonomy_id, "taxonomy_id")
    org = _uuid(organization_id, "organization_id")
    since = _since(modified_after)
    link = OuterRef(f"{prefix}pk")
    if search:
        ids = Service.objects.search(search).values("pk")
        qs = qs.filter(**{f"{prefix}pk__in": ids})
    if term:
        qs = qs.filter(Exists(Attribute.objects.filter(service=link, taxonomy_term=term)))
    if taxonomy:
        qs = qs.filter(
            Exists(Attribute.objects.filter(service=link, taxonomy_term__taxonomy=taxonomy))
        )
    if org:
        qs = qs.filter(**{f"{prefix}organization": org})
    if since:
        qs = qs.filter(**{f"{prefix}last_modified__gte": since})
    return qs


@hsds_api.get("/", summary="API and HSDS version")
def meta(request: HttpRequest):
    return {
        "version": HSDS_VERSION,
        "profile": HSDS_PROFILE,
        "openapi_url": request.build_absolute_uri("/api/hsds/openapi.json"),
    }


@hsds_api.get("/services", summary="Services (Page)")
def services(
    request: HttpRequest,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
    search: str | None = None,
    taxonomy_term_id: str | None = None,
    taxonomy_id: str | None = None,
    organization_id: str | None = None,
    modified_after: str | None = None,
    full: bool = False,
):
    qs = _filter_services(
        Service.objects.all(),
        search,
        taxonomy_term_id,
        taxonomy_id,
        organization_id,
        modified_after,
    )
    if full:
        return _page(qs.with_details().order_by("pk"), page, per_page, service_to_hsds)
    qs = qs.select_related("organization").order_by("pk")
    return _page(qs, page, per_page, service_list_item)


@hsds_api.get("/services/{service_id}", summary="One full service")
def service(request: HttpRequest, service_id: str):
    pk = _uuid_or_404(service_id)
    found = Service.objects.with_details().filter(pk=pk).first()
    if found is None:
        raise Http404
    return service_to_hsds(found)


def _uuid_or_404(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as error:
        raise Http404 from error


@hsds_api.get("/organizations", summary="Organizations (Page)")
def organizations(
    request: HttpRequest,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
    search: str | None = None,
):
    qs = Organization.objects.order_by("pk")
    if search:
        qs = qs.filter(name__icontains=search) | qs.filter(kana__icontains=search)
    return _page(qs, page, per_page, organization_to_hsds)


@hsds_api.get("/organizations/{organization_id}", summary="One organization with locations")
def organization(request: HttpRequest, organization_id: str):
    pk = _uuid_or_404(organization_id)
    found = (
        Organization.objects.prefetch_related("locations__addresses", "locations__accessibility")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    out = organization_to_hsds(found)
    out["locations"] = [location_to_hsds(loc, public=True) for loc in found.locations.all()]
    return out


def _sal_queryset():
    return ServiceAtLocation.objects.select_related("location").prefetch_related(
        "location__addresses", "location__accessibility"
    )


def _sal_item(sal: ServiceAtLocation) -> dict:
    return service_at_location_to_hsds(sal, public=True)


@hsds_api.get("/service_at_locations", summary="Services at locations (Page)")
def service_at_locations(
    request: HttpRequest,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
    search: str | None = None,
    taxonomy_term_id: str | None = None,
    taxonomy_id: str | None = None,
    organization_id: str | None = None,
    modified_after: str | None = None,
):
    qs = _filter_services(
        _sal_queryset(),
        search,
        taxonomy_term_id,
        taxonomy_id,
        organization_id,
        modified_after,
        prefix="service__",
    )
    return _page(qs.order_by("pk"), page, per_page, _sal_item)


@hsds_api.get("/service_at_locations/{sal_id}", summary="One service at a location")
def service_at_location(request: HttpRequest, sal_id: str):
    pk = _uuid_or_404(sal_id)
    found = _sal_queryset().filter(pk=pk).first()
    if found is None:
        raise Http404
    return _sal_item(found)


@hsds_api.get("/taxonomies", summary="Taxonomies (Page)")
def taxonomies(
    request: HttpRequest, page: int = 1, per_page: int = DEFAULT_PER_PAGE, search: str = ""
):
    qs = Taxonomy.objects.order_by("name")
    if search:
        qs = qs.filter(name__icontains=search)
    return _page(qs, page, per_page, taxonomy_to_hsds)


@hsds_api.get("/taxonomies/{taxonomy_id}", summary="One taxonomy")
def taxonomy(request: HttpRequest, taxonomy_id: str):
    found = Taxonomy.objects.filter(pk=_uuid_or_404(taxonomy_id)).first()
    if found is None:
        raise Http404
    return taxonomy_to_hsds(found)


@hsds_api.get("/taxonomy_terms", summary="Taxonomy terms (Page)")
def taxonomy_terms(
    request: HttpRequest,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
    search: str = "",
    taxonomy_id: str | None = None,
    parent_id: str | None = None,
    top_only: bool = False,
):
    qs = TaxonomyTerm.objects.select_related("taxonomy").order_by("taxonomy", "position", "code")
    if search:
        qs = qs.filter(name__icontains=search) | qs.filter(code__icontains=search)
    if taxonomy_id:
        qs = qs.filter(taxonomy=_uuid(taxonomy_id, "taxonomy_id"))
    if parent_id:
        qs = qs.filter(parent=_uuid(parent_id, "parent_id"))
    if top_only:
        qs = qs.filter(parent__isnull=True)
    return _page(qs, page, per_page, term_to_hsds)


@hsds_api.get("/taxonomy_terms/{term_id}", summary="One taxonomy term")
def taxonomy_term(request: HttpRequest, term_id: str):
    found = TaxonomyTerm.objects.select_related("taxonomy").filter(pk=_uuid_or_404(term_id)).first()
    if found is None:
        raise Http404
    return term_to_hsds(found, detail=True)
