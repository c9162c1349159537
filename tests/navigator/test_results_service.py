"""Ranking, reasons, crisis lines and open-now of build_results (the shared service)."""

import pytest
from django.http import QueryDict

from tests.navigator.conftest import KITA, NIGHT, OFFICE_HOURS
from tsunagu.navigator.results import SCOPE_CITY, SCOPE_WARD, SCOPE_WIDER, is_after_hours
from tsunagu.navigator.services import navigator_results, read_choices

pytestmark = pytest.mark.django_db


def results_for(query: str, at=OFFICE_HOURS):
    return navigator_results(read_choices(QueryDict(query)), at)


def test_it_ranks_ward_windows_before_city_wide_before_national(directory):
    found = results_for(f"codes=elderly_care,mental_health&ward={KITA}")
    scopes = [s.scope for s in found.windows]
    assert scopes[0] == SCOPE_WARD
    order = {SCOPE_WARD: 0, SCOPE_CITY: 1, SCOPE_WIDER: 2}
    assert [order[s] for s in scopes] == sorted(order[s] for s in scopes)
    assert "北区" in found.windows[0].service.name


def test_it_quotes_the_residents_words_in_the_reason(directory):
    found = results_for(f"who=family&codes=elderly_care&kw=介護,母&ward={KITA}")
    care = found.windows[0]
    assert care.reasons[0] == "『介護』『母』から、「高齢者の介護・暮らし」のご相談と考えました。"
    assert "北区の窓口です。" in care.reasons


def test_it_names_the_chosen_card_when_no_words_were_written(directory):
    found = results_for(f"codes=elderly_care&ward={KITA}")
    assert found.windows[0].reasons[0] == "「高齢者の介護・暮らし」を選ばれたためです。"


def test_it_shows_crisis_lines_from_vetted_directory_entries_only(directory):
    found = results_for(f"codes=suicidal&ward={KITA}")
    assert found.crisis
    assert {line.number for line in found.emergency_lines} == {"110", "119"}
    assert found.crisis_lines
    assert all(not line.number.startswith("06-0000") for line in found.crisis_lines)
    # The lines at the top are not repeated among the windows.
    shown = {line.service_id for line in found.crisis_lines}
    assert not shown & {s.service.pk for s in found.windows}


def test_a_crisis_flag_from_text_brings_the_crisis_panel_without_a_code(directory):
    assert results_for(f"codes=loneliness&crisis=1&ward={KITA}").crisis
    assert not results_for(f"codes=loneliness&ward={KITA}").crisis


def test_outside_office_hours_the_lines_open_now_come_first(directory):
    found = results_for(f"codes=mental_health,loneliness&ward={KITA}", at=NIGHT)
    assert found.after_hours
    open_flags = [s.status.is_open for s in found.windows]
    assert open_flags == sorted(open_flags, reverse=True)
    assert open_flags[0]


def test_in_office_hours_the_ward_window_is_open_now(directory):
    found = results_for(f"codes=elderly_care&ward={KITA}")
    assert not found.after_hours
    assert found.windows[0].status.is_open


def test_a_closed_window_says_when_it_opens_next(directory):
    found = results_for(f"codes=elderly_care&ward={KITA}", at=NIGHT)
    ward_window = next(s for s in found.windows if s.scope == SCOPE_WARD)
    assert not ward_window.status.is_open
    assert ward_window.status.next_opens_at.hour == 9


def test_places_to_connect_are_in_the_ward(directory):
    found = results_for(f"codes=loneliness&ward={KITA}")
    assert found.places
    assert all(s.service.kind == "place" for s in found.places)
    assert found.places[0].scope == SCOPE_WARD


def test_outside_the_city_only_national_lines_are_suggested(directory):
    found = results_for("codes=mental_health&ward=outside")
    assert found.windows
    assert {s.scope for s in found.windows} == {SCOPE_WIDER}
    assert not found.places
    assert found.notes


def test_age_band_leaves_out_windows_for_other_ages(directory):
    found = results_for(f"codes=elderly_care&age=child&ward={KITA}")
    assert all(s.service.minimum_age is None or s.service.minimum_age <= 17 for s in found.windows)


def test_unknown_codes_and_wards_are_ignored_and_named(directory):
    found = results_for("codes=mental_health,nonsense&ward=999999&age=ancient")
    assert found.windows
    assert len(found.choices.ignored) == 3


def test_it_makes_a_bounded_number_of_queries(directory, django_assert_max_num_queries):
    with django_assert_max_num_queries(24):
        results_for(f"who=self&codes=elderly_care,mental_health,suicidal&ward={KITA}&age=senior")


@pytest.mark.parametrize(
    ("moment", "after"),
    [(OFFICE_HOURS, False), (NIGHT, True), (OFFICE_HOURS.replace(day=23), True)],  # 11/23 祝日
)
def test_office_hours_know_nights_and_public_holidays(moment, after):
    assert is_after_hours(moment) is after


def test_without_a_ward_it_suggests_city_wide_windows_and_asks_for_the_ward(directory):
    found = results_for("codes=mental_health")
    assert found.windows[0].scope == SCOPE_CITY
    assert found.notes


def test_choosing_another_language_adds_the_multilingual_lines(directory):
    found = results_for(f"codes=livelihood&lang=en&ward={KITA}")
    assert any("foreign_language" in s.codes for s in found.windows)
