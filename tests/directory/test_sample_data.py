from __future__ import annotations

import pytest

from tsunagu.core.models import Area
from tsunagu.directory.models import Phone, Service, ServiceKind
from tsunagu.directory.sample import load_osaka_sample

pytestmark = pytest.mark.django_db

PER_WARD_TYPES = {
    "地域包括支援センター",
    "障がい者基幹相談支援センター",
    "自立相談支援窓口",
    "子育て支援室",
}


def test_every_ward_gets_each_window_type_and_places_to_connect(areas):
    load_osaka_sample()
    for ward in Area.objects.wards_of("271004"):
        in_ward = Service.objects.filter(service_areas__area=ward)
        assert set(in_ward.values_list("window_type", flat=True)) >= PER_WARD_TYPES
        assert in_ward.filter(kind=ServiceKind.PLACE).count() >= 2
    assert Service.objects.filter(kind=ServiceKind.PLACE).count() >= 40
    assert Service.objects.filter(window_type="こころの健康センター").exists()
    assert Service.objects.filter(window_type="発達障がい者支援センター").exists()


def test_every_sample_entry_is_marked_and_undiallable(areas):
    load_osaka_sample()
    assert Service.objects.count() > 0
    for service in Service.objects.all():
        assert service.is_sample
        assert "サンプル" in service.name
        assert not service.is_vetted
    assert all(p.startswith("06-0000-") for p in Phone.objects.values_list("number", flat=True))


def test_loading_the_sample_twice_changes_nothing(areas):
    load_osaka_sample()
    counts = Service.objects.count(), Phone.objects.count()
    again = load_osaka_sample()
    assert (again.created, again.updated) == (0, 0)
    assert (Service.objects.count(), Phone.objects.count()) == counts


def test_without_areas_it_says_what_to_run(db):
    report = load_osaka_sample()
    assert "load_areas" in report.notes[0]
    assert not Service.objects.exists()
