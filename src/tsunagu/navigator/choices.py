"""The structured choices a results address carries, and nothing else.

A results URL holds who is asking, the trouble codes, words from the navigator's own lexicon
that led to them (never the resident's text), age band, ward, how they would like to talk,
language and the poster id they came from. Everything is checked; what cannot be used is
dropped and named in `ignored`, so an old or hand-edited address still works.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.directory.troubles import TROUBLE_CODES

from .analysis import get_analyzer

WHO = {
    "self": gettext_lazy("自分のこと"),
    "family": gettext_lazy("家族のこと"),
    "acquaintance": gettext_lazy("知人・近所の人のこと"),
    "staff": gettext_lazy("職員として"),
}
AGE_BANDS = {
    "child": (gettext_lazy("子ども（17歳まで）"), 0, 17),
    "young": (gettext_lazy("18〜39歳"), 18, 39),
    "middle": (gettext_lazy("40〜64歳"), 40, 64),
    "senior": (gettext_lazy("65歳以上"), 65, 150),
}
CONTACTS = {
    "phone": gettext_lazy("電話"),
    "visit": gettext_lazy("会って"),
    "chat": gettext_lazy("チャット・SNS"),
    "email": gettext_lazy("メール"),
}
LANGUAGES = {
    "ja": "日本語",
    "en": "English",
    "zh": "中文",
    "ko": "한국어",
    "vi": "Tiếng Việt",
    "pt": "Português",
    "es": "Español",
    "tl": "Tagalog",
    "ne": "नेपाली",
}
OUTSIDE = "outside"
MAX_KEYWORDS = 8
_SOURCE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def known_poster_id(value: str) -> str:
    """`value` if it is a poster id the city issued (TSUNAGU_POSTER_IDS), else "".

    Only issued ids are kept, so nobody can tag a visit with a made-up, name-like id.
    """
    return value if value in settings.TSUNAGU_POSTER_IDS else ""


@dataclass(frozen=True)
class Choices:
    who: str = ""
    codes: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()  # lexicon words the analysis matched (not free text)
    crisis: bool = False  # the free text showed a crisis
    age: str = ""
    ward: str = ""  # six-digit area code, OUTSIDE, or ""
    contact: str = ""
    lang: str = ""
    src: str = ""
    ignored: tuple[str, ...] = field(default=(), compare=False)

    @property
    def shows_crisis(self) -> bool:
        return self.crisis or "suicidal" in self.codes

    def query(self, **overrides) -> str:
        """The results address's query string (only non-empty choices, in a fixed order)."""
        values = {
            "who": self.who,
            "codes": ",".join(self.codes),
            "kw": ",".join(self.keywords),
            "crisis": "1" if self.crisis else "",
            "age": self.age,
            "ward": self.ward,
            "contact": self.contact,
            "lang": self.lang,
            "src": self.src,
        }
        values.update(overrides)
        return urlencode({k: v for k, v in values.items() if v})


def _split(values: list[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def parse_choices(params, known_wards: AbstractSet[str]) -> Choices:
    """Read choices from a QueryDict (or a dict of lists); unknown values are ignored."""
    get = params.getlist if hasattr(params, "getlist") else (lambda k: params.get(k, []))
    ignored: list[str] = []

    def one(name: str, allowed) -> str:
        values = get(name)
        value = (values[-1] if values else "").strip()
        if value and value not in allowed:
            ignored.append(
                _("「%(value)s」は %(name)s として使えないので、無視しました。")
                % {"value": value[:40], "name": name}
            )
            return ""
        return value

    codes: list[str] = []
    for code in _split(get("codes")):
        if code in TROUBLE_CODES and code not in codes:
            codes.append(code)
        elif code not in TROUBLE_CODES:
            ignored.append(
                _("「%(value)s」は困りごとのコードではないので、無視しました。")
                % {"value": code[:40]}
            )
    words = get_analyzer().word_codes
    keywords = [w for w in _split(get("kw")) if w in words][:MAX_KEYWORDS]
    ward = (get("ward")[-1] if get("ward") else "").strip()
    if ward and ward != OUTSIDE:
        if len(ward) == 5:
            ward = next((code for code in known_wards if code.startswith(ward)), ward)
        if ward not in known_wards:
            ignored.append(
                _("「%(value)s」は知らない区のコードなので、区を選ばずに探しました。")
                % {"value": ward[:40]}
            )
            ward = ""
    source = (get("src")[-1] if get("src") else "").strip()
    if source and not _SOURCE.match(source):
        ignored.append(_("ポスターの番号が読めないので、無視しました。"))
        source = ""
    # A well-formed id that was never issued is dropped quietly: it is not the resident's
    # concern, and it must not travel on into addresses or the usage counts.
    source = known_poster_id(source)
    return Choices(
        who=one("who", WHO),
        codes=tuple(codes),
        keywords=tuple(keywords),
        crisis=(get("crisis")[-1] if get("crisis") else "") == "1",
        age=one("age", AGE_BANDS),
        ward=ward,
        contact=one("contact", CONTACTS),
        lang=one("lang", LANGUAGES),
        src=source,
        ignored=tuple(ignored),
    )


def parse_moment(value: str) -> dt.datetime | None:
    """An ISO 8601 moment (`at=`); a moment without a zone is read as Japan time."""
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        from tsunagu.directory.hours import TOKYO

        moment = moment.replace(tzinfo=TOKYO)
    return moment
