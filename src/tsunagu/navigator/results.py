"""Ranking the windows and places for a set of choices, each with the reasons it was chosen.

Order (issue 5): the crisis panel first when needed; then windows for the ward, then the
city, then the nation; outside office hours the ones open now come first. Every suggestion
says why, in the resident's terms. A fixed number of queries whatever the directory's size:
the ranking and the cut happen in the database, details are prefetched for the few shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, Value
from django.utils.translation import gettext as _

from tsunagu.core.models import Area, AreaKind
from tsunagu.directory.hours import (
    TOKYO,
    OpeningStatus,
    is_public_holiday,
    is_year_end_closure,
    opening_status,
)
from tsunagu.directory.models import (
    Attribute,
    Service,
    ServiceAtLocation,
    ServiceKind,
)
from tsunagu.directory.services import CrisisLine, crisis_lines
from tsunagu.directory.taxonomy_ids import trouble_term_id
from tsunagu.directory.troubles import CRISIS_CODES, TROUBLE_LABELS

from .analysis import get_analyzer
from .choices import AGE_BANDS, LANGUAGES, OUTSIDE, Choices

MAX_WINDOWS = 8
MAX_PLACES = 6
# Fetched before the open-now reordering, so an open line can rise into the shown eight.
CANDIDATES = 18
OFFICE_OPENS = dt.time(9, 0)
OFFICE_CLOSES = dt.time(17, 30)
# With no trouble chosen, suggest the windows for feeling alone and for worries of the heart.
DEFAULT_CODES = ("loneliness", "mental_health")

SCOPE_WARD, SCOPE_CITY, SCOPE_WIDER = "ward", "city", "national"


@dataclass
class Suggestion:
    service: Service
    scope: str
    reasons: list[str]
    status: OpeningStatus
    codes: list[str]
    address: str = ""
    transportation: str = ""

    @property
    def phone(self):
        return self.service.main_phone


@dataclass
class Results:
    choices: Choices
    at: dt.datetime
    crisis: bool
    crisis_lines: list[CrisisLine]
    emergency_lines: list[CrisisLine]
    windows: list[Suggestion]
    places: list[Suggestion]
    after_hours: bool
    ward: Area | None = None
    notes: list[str] = field(default_factory=list)
    # The first moment these results stop being true: a candidate opens or closes, or office
    # hours begin or end (what the page says and its order depend on both). For caching.
    changes_at: dt.datetime | None = None


def is_after_hours(moment: dt.datetime) -> bool:
    """Outside 平日 9:00–17:30, or a public holiday or 年末年始, in Japan time."""
    local = moment.astimezone(TOKYO)
    day = local.date()
    if local.weekday() >= 5 or is_public_holiday(day) or is_year_end_closure(day):
        return True
    return not (OFFICE_OPENS <= local.time() < OFFICE_CLOSES)


def next_office_boundary(moment: dt.datetime) -> dt.datetime:
    """The next 9:00, 17:30 or midnight in Japan time: when `is_after_hours` may change."""
    local = moment.astimezone(TOKYO)
    day = local.date()
    candidates = [
        dt.datetime.combine(day, OFFICE_OPENS, tzinfo=TOKYO),
        dt.datetime.combine(day, OFFICE_CLOSES, tzinfo=TOKYO),
        dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=TOKYO),
    ]
    return min(c for c in candidates if c > local)


def _first_change(suggestions: list[Suggestion], moment: dt.datetime) -> dt.datetime:
    changes = [next_office_boundary(moment)]
    for suggestion in suggestions:
        status = suggestion.status
        change = status.closes_at if status.is_open else status.next_opens_at
        if change is not None:
            changes.append(change)
    return min(changes)


def build_results(choices: Choices, at: dt.datetime) -> Results:
    ward = (
        Area.objects.select_related("parent__parent").filter(code=choices.ward).first()
        if choices.ward and choices.ward != OUTSIDE
        else None
    )
    crisis = choices.shows_crisis
    lines = crisis_lines(_crisis_codes(choices)) if crisis else []
    after_hours = is_after_hours(at)
    window_codes = choices.codes or DEFAULT_CODES
    if choices.lang not in ("", "ja") and "foreign_language" not in window_codes:
        # Someone who would rather not talk in Japanese: add the multilingual windows.
        window_codes = (*window_codes, "foreign_language")
    kinds = Q(kind__in=[ServiceKind.WINDOW, ServiceKind.HOTLINE]) & Q(is_emergency_number=False)
    if crisis:
        # The crisis lines are already at the top; do not repeat them among the windows.
        kinds &= Q(is_crisis_line=False)
    window_rows = _rows(choices, ward, window_codes, kinds, CANDIDATES)
    place_codes = tuple(dict.fromkeys((*choices.codes, "loneliness")))
    place_rows = (
        _rows(choices, ward, place_codes, Q(kind=ServiceKind.PLACE), MAX_PLACES)
        if ward is not None
        else []
    )
    # One prefetching pass for everything shown, only what the results show.
    details = _shown().in_bulk([row[0] for row in (*window_rows, *place_rows)])
    windows = _suggest(choices, ward, at, window_codes, window_rows, details)
    places = _suggest(choices, ward, at, place_codes, place_rows, details)
    # Over every candidate, not only the eight shown: one opening can reorder the cut.
    changes_at = _first_change([*windows, *places], at)
    if after_hours:
        # Stable sort: the ward-city-nation order stays within the open and the closed.
        windows.sort(key=lambda s: not s.status.is_open)
    windows = windows[:MAX_WINDOWS]
    notes = []
    if not choices.ward:
        notes.append(_("お住まいの区を選ぶと、区の窓口やつながりの場もお知らせします。"))
    if choices.ward == OUTSIDE:
        notes.append(_("市外にお住まいの方には、全国どこからでも使える相談先を表示しています。"))
    return Results(
        choices=choices,
        at=at,
        crisis=crisis,
        crisis_lines=[line for line in lines if not line.emergency],
        emergency_lines=[line for line in lines if line.emergency],
        windows=windows,
        places=places,
        after_hours=after_hours,
        ward=ward,
        notes=notes,
        changes_at=changes_at,
    )


def _crisis_codes(choices: Choices) -> list[str]:
    codes = [c for c in choices.codes if c in CRISIS_CODES]
    return codes or ["suicidal"]


def _scopes(choices: Choices, ward: Area | None) -> list[tuple[str, Q]]:
    """The areas to look in, nearest first, each as a filter on Service's area rows."""
    # A national service has an area row with no area; a service with no area row at all
    # has not said where it works and is not suggested.
    nation = Q(service_areas__isnull=False, service_areas__area__isnull=True)
    if ward is not None:
        above = []
        area = ward.parent
        while area is not None:
            above.append(area.code)
            area = area.parent
        return [
            (SCOPE_WARD, Q(service_areas__area=ward.code)),
            (SCOPE_CITY, Q(service_areas__area__in=above)),
            (SCOPE_WIDER, nation),
        ]
    if choices.ward == OUTSIDE:
        return [(SCOPE_WIDER, nation)]
    # No ward given: city-wide and prefecture-wide windows, then national ones.
    wide = Q(service_areas__area__kind__in=[AreaKind.MUNICIPALITY, AreaKind.PREFECTURE])
    return [(SCOPE_CITY, wide), (SCOPE_WIDER, nation)]


def _term_ids(codes: tuple[str, ...]) -> list:
    """The taxonomy term ids of the codes. They are the same in every deployment
    (directory.taxonomy_ids), so no query is needed and the ranking needs no join."""
    return [trouble_term_id(code) for code in codes]


def _ranked(choices: Choices, term_ids: list, kind_q: Q, area_q: Q):
    """Active services for the codes in one scope, best first.

    One join from the scope's area rows through the services to their matching codes,
    grouped by service: PostgreSQL starts from ServiceArea's (area, service) index and
    probes the rest by key, so the cost follows the size of the ward or city, not of the
    whole directory (an EXISTS plus a counting subquery made it scan every service).
    """
    qs = Service.objects.active().filter(kind_q, area_q, attributes__taxonomy_term_id__in=term_ids)
    if choices.age:
        _label, low, high = AGE_BANDS[choices.age]
        qs = qs.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=high),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=low),
        )
    # distinct: a service listed for both the city and the prefecture is joined twice.
    qs = qs.annotate(
        matches=Count("attributes__taxonomy_term", distinct=True),
        by_contact=_contact_match(choices.contact),
    )
    return qs.order_by("-by_contact", "-matches", "crisis_order", "kana")


def _contact_match(contact: str):
    field_for = {
        "phone": Q(by_phone=True),
        "visit": Q(by_visit=True),
        "chat": Q(by_chat=True) | Q(by_messaging=True),
        "email": Q(by_email=True) | Q(by_letter=True),
    }
    if contact not in field_for:
        return Value(False)
    from django.db.models import BooleanField, ExpressionWrapper

    return ExpressionWrapper(field_for[contact], output_field=BooleanField())


def _rows(choices, ward, codes, kinds: Q, limit: int) -> list[tuple[object, str]]:
    """(pk, scope) of the best `limit` services, nearest scope first (one query a scope)."""
    rows: list[tuple[object, str]] = []
    scopes = _scopes(choices, ward)
    term_ids = _term_ids(codes)
    for index, (scope, area_q) in enumerate(scopes):
        # Each scope gets a share, so wider lines open at night are among the candidates
        # even when the ward has many windows; what a scope leaves unused passes on.
        share = limit - len(rows) if index == len(scopes) - 1 else limit // len(scopes)
        share = max(share, limit - len(rows) - (len(scopes) - 1 - index) * (limit // len(scopes)))
        if share <= 0:
            continue
        seen = [pk for pk, _scope in rows]
        found = _ranked(choices, term_ids, kinds, area_q).exclude(pk__in=seen)
        rows.extend((pk, scope) for pk in found.values_list("pk", flat=True)[:share])
    return rows


def _shown():
    """What a suggestion needs: phones, hours, languages, codes and where it is."""
    return Service.objects.prefetch_related(
        "phones",
        "schedules",
        "special_dates",
        "languages",
        Prefetch(
            "attributes", queryset=Attribute.objects.select_related("taxonomy_term__taxonomy")
        ),
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                "location__addresses"
            ),
        ),
    )


def _suggest(choices, ward, at, codes, ranked, details) -> list[Suggestion]:
    suggestions = []
    for pk, scope in ranked:
        service = details[pk]
        matched = [c for c in codes if c in set(service.trouble_codes)]
        address, transportation = _how_to_get_there(service)
        suggestions.append(
            Suggestion(
                service=service,
                scope=scope,
                reasons=reasons_for(choices, service, matched, scope, ward),
                status=opening_status(service, at),
                codes=matched,
                address=address,
                transportation=transportation,
            )
        )
    return suggestions


def _how_to_get_there(service: Service) -> tuple[str, str]:
    for link in service.service_at_locations.all():
        location = link.location
        if location.address_hidden:
            # Shelters: the address is never published (DIR); the phone is the way in.
            return "", ""
        address = next(iter(location.addresses.all()), None)
        return (str(address) if address else location.name), location.transportation
    return "", ""


def reasons_for(choices: Choices, service: Service, matched, scope, ward) -> list[str]:
    """Why this service, in the resident's words: the words they wrote, the cards they chose,
    then where it is and how it can be reached."""
    reasons = []
    word_codes = get_analyzer().word_codes
    for code in matched:
        label = TROUBLE_LABELS[code]
        words = [w for w in choices.keywords if code in word_codes.get(w, ())]
        if words:
            quoted = "".join(f"『{w}』" for w in words)
            reasons.append(
                _("%(words)sから、「%(label)s」のご相談と考えました。")
                % {"words": quoted, "label": label}
            )
        elif choices.crisis and code in CRISIS_CODES and code in choices.codes:
            # Read from the text by the crisis model (NAV-15), which has no words to quote;
            # the card alone does not set `crisis`.
            reasons.append(
                _("書いてくださった内容から、「%(label)s」のご相談と考えました。")
                % {"label": label}
            )
        elif code in choices.codes:
            reasons.append(_("「%(label)s」を選ばれたためです。") % {"label": label})
        else:
            reasons.append(_("「%(label)s」の相談を受けています。") % {"label": label})
    if service.kind == ServiceKind.PLACE:
        if scope == SCOPE_WARD and ward is not None:
            reasons.append(_("%(ward)sにある、気軽に行ける場所です。") % {"ward": ward.name})
        else:
            reasons.append(_("気軽に行ける、人とつながる場所です。"))
    elif scope == SCOPE_WARD and ward is not None:
        reasons.append(_("%(ward)sの窓口です。") % {"ward": ward.name})
    elif scope == SCOPE_CITY and ward is not None and ward.parent is not None:
        reasons.append(_("%(city)s全体の窓口です。") % {"city": ward.parent.name})
    elif scope == SCOPE_CITY:
        reasons.append(_("市全体の窓口です。"))
    elif scope == SCOPE_WIDER:
        reasons.append(_("全国どこからでも使えます。"))
    contact_reason = {
        "phone": (service.by_phone, _("電話で相談できます。")),
        "visit": (service.by_visit, _("会って相談できます。")),
        "chat": (service.by_chat or service.by_messaging, _("チャットやSNSで相談できます。")),
        "email": (service.by_email or service.by_letter, _("メールや手紙で相談できます。")),
    }.get(choices.contact)
    if contact_reason and contact_reason[0]:
        reasons.append(contact_reason[1])
    if choices.lang and choices.lang != "ja":
        spoken = {language.code for language in service.languages.all()}
        if choices.lang in spoken:
            reasons.append(
                _("%(language)sで相談できます。") % {"language": LANGUAGES[choices.lang]}
            )
    if choices.who in ("family", "acquaintance", "staff") and service.for_family:
        reasons.append(_("ご本人でなくても相談できます。"))
    return reasons
