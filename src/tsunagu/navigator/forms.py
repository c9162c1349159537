"""The navigator's step forms. Every step works as a plain HTML form (no JavaScript)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.directory.troubles import TROUBLE_CODES, TROUBLE_LABELS

from .analysis import MAX_TEXT_LENGTH
from .choices import AGE_BANDS, CONTACTS, LANGUAGES, OUTSIDE, WHO

# What each card says under its label, in plain words (the labels are the taxonomy's).
TROUBLE_HINTS = {
    "loneliness": _("話し相手がいない、居場所がない"),
    "mental_health": _("不安、眠れない、気持ちが沈む、お酒やギャンブル"),
    "suicidal": _("死にたい気持ち、自分を傷つけてしまう"),
    "elderly_care": _("家族の介護、物忘れ、ひとり暮らしの高齢の親"),
    "disability": _("障がいのこと、福祉サービスの使い方"),
    "developmental": _("発達の特性（ASD・ADHD など）"),
    "livelihood": _("家賃や支払いが苦しい、借金、食べるものがない"),
    "work": _("仕事を失った、仕事探し、職場のハラスメント"),
    "pregnancy_childcare": _("妊娠、出産のあと、子育ての心配"),
    "child_youth": _("いじめ、学校に行けない、家族とのもめごと"),
    "hikikomori": _("長いあいだ家から出られない"),
    "violence_women": _("パートナーからの暴力、ストーカー、性暴力"),
    "child_abuse": _("子どもがたたかれている、子どもをたたいてしまいそう"),
    "young_carer": _("家族の世話で学校や遊びの時間がない子ども"),
    "single_parent": _("ひとりで子どもを育てている"),
    "sexual_minority": _("性別の違和感、好きになる人のこと"),
    "foreign_language": _("日本語以外で相談したい、在留のこと"),
    "housing": _("住む所がない、家を借りられない、立ち退き"),
    "health": _("病気、通院、からだの不調"),
    "human_rights": _("差別、ネットでの中傷"),
}


class WhoForm(forms.Form):
    who = forms.ChoiceField(
        label=_("どなたのことで探していますか"),
        choices=list(WHO.items()),
        widget=forms.RadioSelect,
        error_messages={"required": _("どなたのことか、ひとつ選んでください。")},
    )


def normalise_newlines(text: str) -> str:
    """Browsers send a line break as CRLF; count it as one character, as the resident sees it."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class FreeTextField(forms.CharField):
    def to_python(self, value):
        return normalise_newlines(super().to_python(value))


class TroublesForm(forms.Form):
    codes = forms.MultipleChoiceField(
        label=_("困っていること（いくつでも）"),
        choices=[(code, TROUBLE_LABELS[code]) for code in TROUBLE_CODES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    text = FreeTextField(
        label=_("よろしければ、困っていることを自由に書いてください（保存されません）"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        error_messages={
            "max_length": _(
                "%(limit_value)d文字までにしてください（いまは%(show_value)d文字です）。"
                "短くまとめても、窓口ではゆっくり話を聞いてもらえます。"
            )
        },
    )


class AboutForm(forms.Form):
    age = forms.ChoiceField(
        label=_("困っている方の年代"),
        choices=[("", _("選ばない"))] + [(k, v[0]) for k, v in AGE_BANDS.items()],
        required=False,
    )
    ward = forms.ChoiceField(label=_("お住まいの区"), required=False)
    contact = forms.ChoiceField(
        label=_("相談のしかた"),
        choices=[("", _("どれでもよい")), *CONTACTS.items()],
        widget=forms.RadioSelect,
        required=False,
    )
    lang = forms.ChoiceField(
        label=_("相談で使いたいことば"),
        choices=[("", _("選ばない")), *LANGUAGES.items()],
        required=False,
    )

    def __init__(self, *args, wards=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].choices = [
            ("", _("選ばない")),
            *[(ward.code, ward.name) for ward in wards],
            (OUTSIDE, _("市外")),
        ]
