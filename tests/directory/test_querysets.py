from __future__ import annotations

import pytest

from tsunagu.core.models import Area
from tsunagu.directory.models import Confidence, Service, ServiceStatus, TaxonomyTerm
from tsunagu.directory.troubles import TROUBLE_CODES

from . import factories

pytestmark = pytest.mark.django_db

KITA = "271276"  # 大阪市北区
OSAKA_CITY = "271004"
OSAKA_PREF = "270008"
SAKAI = "271403"


def test_the_trouble_taxonomy_holds_exactly_the_fixed_codes():
    codes = list(TaxonomyTerm.objects.troubles().values_list("code", flat=True))
    assert codes == list(TROUBLE_CODES)


def test_trouble_labels_follow_the_reader_language():
    from django.utils import translation

    term = TaxonomyTerm.objects.troubles().get(code="loneliness")
    assert term.label == "孤独・孤立"
    with translation.override("en"):
        assert term.label != "孤独・孤立"


def test_active_leaves_out_inactive_and_defunct_services():
    live = factories.service(name="受付中")
    factories.service(name="休止", status=ServiceStatus.INACTIVE)
    factories.service(name="終了", status=ServiceStatus.DEFUNCT)
    assert list(Service.objects.active()) == [live]


def test_for_codes_finds_services_tagged_with_any_code_once():
    both = factories.service(name="両方", codes=("loneliness", "housing"))
    housing = factories.service(name="住まい", codes=("housing",))
    factories.service(name="仕事", codes=("work",))
    found = list(Service.objects.for_codes(["loneliness", "housing"]).order_by("name"))
    assert sorted(s.name for s in found) == sorted([both.name, housing.name])


def test_serving_area_includes_the_city_prefecture_and_nation_but_not_other_wards(areas):
    kita, city, pref = (Area.objects.get(code=c) for c in (KITA, OSAKA_CITY, OSAKA_PREF))
    miyakojima = Area.objects.get(name="都島区")
    in_kita = factories.service(name="北区", areas=(kita,))
    citywide = factories.service(name="市", areas=(city,))
    prefwide = factories.service(name="府", areas=(pref,))
    national = factories.service(name="全国", areas=(None,))
    factories.service(name="都島区", areas=(miyakojima,))
    factories.service(name="区域なし", areas=())
    found = set(Service.objects.serving_area(kita))
    assert found == {in_kita, citywide, prefwide, national}
    assert set(Service.objects.serving_area(KITA[:5])) == found


def test_crisis_lines_are_vetted_active_and_emergency_first():
    listening = factories.crisis_line(name="聞く", crisis_order=1)
    emergency = factories.crisis_line(name="救急", is_emergency_number=True, crisis_order=2)
    factories.crisis_line(name="未確認", confidence=Confidence.MEDIUM)
    factories.crisis_line(name="確認日なし", last_verified_at=None)
    factories.crisis_line(name="休止", status=ServiceStatus.INACTIVE)
    factories.service(name="昼の窓口")
    assert list(Service.objects.crisis_lines()) == [emergency, listening]


def test_search_folds_kana_and_width(areas):
    salon = factories.service(name="サンプル ふれあいサロン", kana="ふれあいさろん")
    factories.service(name="サンプル 相談室")
    assert list(Service.objects.search("ｻﾛﾝ")) == [salon]
    assert list(Service.objects.search("さろん")) == [salon]


def test_the_taxonomy_is_recreated_when_missing():
    from tsunagu.directory.services import ensure_trouble_taxonomy
    from tsunagu.directory.taxonomy_ids import trouble_term_id

    TaxonomyTerm.objects.all().delete()
    terms = ensure_trouble_taxonomy()
    assert list(terms) == list(TROUBLE_CODES)
    assert terms["suicidal"].pk == trouble_term_id("suicidal")
    assert terms["suicidal"].name == "死にたいほどつらい"


def test_search_matches_spelling_variants_through_sudachi(areas):
    shokudo = factories.service(name="サンプル 北区子ども食堂")
    hiki = factories.service(name="サンプル 引き篭もり相談")
    factories.service(name="サンプル 相談室")
    assert list(Service.objects.search("子供食堂")) == [shokudo]
    assert list(Service.objects.search("ひきこもり")) == [hiki]
    assert list(Service.objects.search("子ども 北区")) == [shokudo]
