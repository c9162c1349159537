from __future__ import annotations

import copy
import datetime as dt

import pytest

from tsunagu.directory.hsds.export import (
    export_document,
    service_at_location_to_hsds,
    service_to_hsds,
)
from tsunagu.directory.hsds.importer import HsdsImportError, import_document
from tsunagu.directory.hsds.validation import problems
from tsunagu.directory.models import (
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    SpecialDate,
)
from tsunagu.directory.sample import load_osaka_sample
from tsunagu.directory.services import load_national_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(areas):
    load_national_lines()
    load_osaka_sample()
    # Exercise the rarer fields too: a closure, a special date, a hidden address.
    service = Service.objects.filter(window_type="地域包括支援センター").first()
    Schedule.objects.create(service=service, freq="MONTHLY", byday="3MO", is_closure=True)
    SpecialDate.objects.create(
        service=service,
        date=dt.date(2026, 12, 5),
        is_open=True,
        opens_at=dt.time(10),
        closes_at=dt.time(12),
        note="土曜の特別相談会",
    )
    location = service.service_at_locations.first().location
    location.address_hidden = True
    location.latitude = "34.700000"
    location.save()
    return service


def test_every_exported_record_validates_against_the_official_schemas(directory):
    document = export_document()
    assert len(document["services"]) == Service.objects.count()
    found = []
    for record in document["services"]:
        found += problems("service", record)
    for record in document["organizations"]:
        found += problems("organization", record)
    for record in document["taxonomy_terms"]:
        found += problems("taxonomy_term", record)
    for record in document["taxonomies"]:
        found += problems("taxonomy", record)
    for sal in ServiceAtLocation.objects.select_related("location").prefetch_related(
        "location__addresses", "location__accessibility"
    )[:20]:
        found += problems("service_at_location", service_at_location_to_hsds(sal, public=True))
    assert found == []


def test_the_validator_really_checks(directory):
    record = service_to_hsds(Service.objects.with_details().get(pk=directory.pk))
    del record["name"]
    record["status"] = "open"
    found = problems("service", record)
    assert any("'name' is a required property" in p for p in found)
    assert any("status" in p for p in found)


def test_public_exports_never_show_a_hidden_address(directory):
    public = service_to_hsds(Service.objects.with_details().get(pk=directory.pk), public=True)
    location = public["service_at_locations"][0]["location"]
    assert location["addresses"] == []
    assert "latitude" not in location
    full = service_to_hsds(Service.objects.with_details().get(pk=directory.pk), public=False)
    assert full["service_at_locations"][0]["location"]["addresses"]


def _wipe():
    Service.objects.all().delete()
    Location.objects.all().delete()
    Organization.objects.all().delete()


def test_import_then_export_is_lossless(directory):
    first = export_document(public=False)
    _wipe()
    report = import_document(copy.deepcopy(first))
    assert report.created["service"] == len(first["services"])
    second = export_document(public=False)
    assert second == first
    # Importing the same document again changes nothing.
    import_document(copy.deepcopy(second))
    assert export_document(public=False) == first


def test_a_public_export_reimported_keeps_the_hidden_address_we_hold(directory):
    location = directory.service_at_locations.first().location
    addresses = list(location.addresses.values_list("pk", flat=True))
    import_document(export_document(public=True))
    assert list(location.addresses.values_list("pk", flat=True)) == addresses


def test_a_bad_document_is_refused_and_nothing_is_written(directory):
    document = export_document(public=False)
    _wipe()
    document["services"][0]["status"] = "open"
    document["services"][1]["service_areas"][0]["tsunagu"]["area_code"] = "999999"
    document["services"][2]["schedules"] = [{"id": document["services"][2]["id"], "byday": "XX"}]
    with pytest.raises(HsdsImportError) as error:
        import_document(document)
    text = "\n".join(error.value.problems)
    assert "services[0] service/status" in text
    assert not Service.objects.exists()
    document["services"][0]["status"] = "active"
    with pytest.raises(HsdsImportError) as error:
        import_document(document)
    text = "\n".join(error.value.problems)
    assert "区域コード「999999」が見つかりません" in text
    assert "曜日「XX」が読めません" in text
    assert not Service.objects.exists()


def test_a_non_object_document_is_refused():
    with pytest.raises(HsdsImportError, match="オブジェクト"):
        import_document([1, 2])


def test_the_commands_export_and_import_a_file(directory, tmp_path):
    import io

    from django.core.management import CommandError, call_command

    target = tmp_path / "hsds.json"
    out = io.StringIO()
    call_command("export_hsds", str(target), "--with-hidden", stdout=out)
    assert "件の相談先" in out.getvalue()
    out = io.StringIO()
    call_command("import_hsds", str(target), "--dry-run", stdout=out)
    assert "問題はありません" in out.getvalue()
    call_command("import_hsds", str(target), stdout=io.StringIO())
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="JSON として読めません"):
        call_command("import_hsds", str(broken))
