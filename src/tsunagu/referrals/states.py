"""The referral status machine, the consent vocabulary and the referrer's outcome classes.

Pure Python (no database): models, services, forms and the API all take their choices and
their rules from here, so there is one place that says what may follow what.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    PENDING = "pending", _("受付待ち")
    ACCEPTED = "accepted", _("受付済")
    CONTACTED = "contacted", _("連絡済")
    SUPPORT_STARTED = "support_started", _("支援開始")
    UNREACHABLE = "unreachable", _("連絡がつかない")
    DECLINED = "declined", _("本人が辞退")
    NOT_ELIGIBLE = "not_eligible", _("対象外")
    FORWARDED = "forwarded", _("他の窓口へつないだ")
    # Nothing was sent: the person will call the window themselves (REF-3).
    SELF_CONTACT = "self_contact", _("本人が自分で連絡する")


OPEN = frozenset({Status.PENDING, Status.ACCEPTED, Status.CONTACTED})
RESULTS = frozenset(
    {
        Status.SUPPORT_STARTED,
        Status.UNREACHABLE,
        Status.DECLINED,
        Status.NOT_ELIGIBLE,
        Status.FORWARDED,
    }
)
CLOSED = RESULTS | {Status.SELF_CONTACT}

# What may follow what. A window may find at intake that the person is not theirs to help
# (対象外) or belongs elsewhere (他の窓口へ); "could not reach" needs an accepted referral;
# the person's own decision and the start of support need contact first.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PENDING: frozenset({Status.ACCEPTED, Status.NOT_ELIGIBLE, Status.FORWARDED}),
    Status.ACCEPTED: frozenset(
        {Status.CONTACTED, Status.UNREACHABLE, Status.NOT_ELIGIBLE, Status.FORWARDED}
    ),
    Status.CONTACTED: frozenset(
        {Status.SUPPORT_STARTED, Status.DECLINED, Status.NOT_ELIGIBLE, Status.FORWARDED}
    ),
}

# Saying no (the person's or the window's) is always explained.
NEEDS_REASON = frozenset({Status.DECLINED, Status.NOT_ELIGIBLE})


class TransitionError(ValueError):
    """A change the status machine does not allow; the message says why, for staff."""


def allowed_next(status: str) -> frozenset[str]:
    return TRANSITIONS.get(status, frozenset())


def check_transition(current: str, new: str, *, reason: str = "") -> None:
    """Raise TransitionError with a message staff can act on, or return quietly."""
    if new not in Status.values:
        raise TransitionError(_("その状態はありません。"))
    if new not in allowed_next(current):
        if current in CLOSED:
            raise TransitionError(
                _("このつなぎは「%(current)s」で終了しているため、変更できません。")
                % {"current": Status(current).label}
            )
        raise TransitionError(
            _("「%(current)s」から「%(new)s」には進めません。次に選べるのは %(choices)s です。")
            % {
                "current": Status(current).label,
                "new": Status(new).label,
                "choices": "、".join(
                    str(Status(s).label) for s in Status.values if s in allowed_next(current)
                ),
            }
        )
    if new in NEEDS_REASON and not reason.strip():
        raise TransitionError(
            _("「%(new)s」にするには理由を入力してください。") % {"new": Status(new).label}
        )


class Outcome(models.TextChoices):
    """What the referring employee may know: a class, never the window's notes."""

    IN_PROGRESS = "in_progress", _("対応中")
    CONNECTED = "connected", _("つながった")
    NOT_CONNECTED = "not_connected", _("つながらなかった")
    DECLINED_OR_INELIGIBLE = "declined", _("辞退・対象外")
    SELF_CONTACT = "self_contact", _("本人が連絡")


OUTCOME_OF_STATUS: dict[str, str] = {
    Status.PENDING: Outcome.IN_PROGRESS,
    Status.ACCEPTED: Outcome.IN_PROGRESS,
    Status.CONTACTED: Outcome.IN_PROGRESS,
    # A forwarded referral takes the outcome of the referral it created (see services).
    Status.FORWARDED: Outcome.IN_PROGRESS,
    Status.SUPPORT_STARTED: Outcome.CONNECTED,
    Status.UNREACHABLE: Outcome.NOT_CONNECTED,
    Status.DECLINED: Outcome.DECLINED_OR_INELIGIBLE,
    Status.NOT_ELIGIBLE: Outcome.DECLINED_OR_INELIGIBLE,
    Status.SELF_CONTACT: Outcome.SELF_CONTACT,
}


def outcome_of(status: str) -> str:
    return OUTCOME_OF_STATUS[status]


class Delivery(models.TextChoices):
    SEND = "send", _("窓口に送る")
    SELF_CONTACT = "self_contact", _("本人が自分で連絡する（何も送らない）")


class ConsentGiver(models.TextChoices):
    PERSON = "person", _("本人")
    FAMILY = "family", _("家族")
    NONE = "none", _("同意なし")


class ConsentMethod(models.TextChoices):
    ORAL = "oral", _("口頭")
    WRITTEN = "written", _("書面")


class SharedItem(models.TextChoices):
    """What the window may be told. The trouble codes and ward always go (they route it)."""

    NAME = "name", _("名前・呼び方")
    CONTACT = "contact", _("連絡先・連絡してよい時間")
    AGE_BAND = "age_band", _("年代")
    NOTE = "note", _("気づいたこと（メモ）")


class LegalBasis(models.TextChoices):
    """Why a referral may go without consent. Choosing one flags it for the ward coordinator."""

    LIFE_OR_BODY = (
        "life_or_body",
        _("生命・身体の危険があり、本人の同意を得ることが難しい（個人情報保護法）"),
    )
    CHILD_ABUSE = "child_abuse", _("児童虐待の通告（児童虐待防止法 第6条）")
    ELDER_ABUSE = "elder_abuse", _("高齢者虐待の通報（高齢者虐待防止法 第7条）")
    DISABILITY_ABUSE = "disability_abuse", _("障害者虐待の通報（障害者虐待防止法 第7条）")
    DOMESTIC_VIOLENCE = "domestic_violence", _("配偶者からの暴力の通報（DV防止法 第6条）")
    COUNCIL = "council", _("孤独・孤立対策地域協議会での情報共有（孤独・孤立対策推進法）")


class AgeBand(models.TextChoices):
    CHILD = "child", _("0〜17歳")
    YOUNG = "young", _("18〜39歳")
    MIDDLE = "middle", _("40〜64歳")
    SENIOR = "senior", _("65歳以上")
    UNKNOWN = "unknown", _("わからない")


class Who(models.TextChoices):
    """How the employee met the trouble (the navigator's `who` facet)."""

    SELF = "self", _("本人")
    FAMILY = "family", _("家族")
    ACQUAINTANCE = "acquaintance", _("知人・近所の人")
    STAFF = "staff", _("職員として")
