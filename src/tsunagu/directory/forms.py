from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.core.models import Area, AreaKind

from .models import ServiceKind
from .troubles import TROUBLE_CODES, TROUBLE_LABELS

LANGUAGE_CHOICES = [
    ("", _("指定しない")),
    ("en", "English"),
    ("zh", "中文"),
    ("ko", "한국어"),
    ("vi", "Tiếng Việt"),
]


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("ことばで探す"), required=False, max_length=100)
    ward = forms.ChoiceField(label=_("住んでいる区"), required=False)
    code = forms.ChoiceField(label=_("困りごと"), required=False)
    kind = forms.ChoiceField(label=_("種類"), required=False)
    open_now = forms.BooleanField(label=_("いま開いているところだけ"), required=False)
    free = forms.BooleanField(label=_("無料のところだけ"), required=False)
    anonymous = forms.BooleanField(label=_("名前を言わずに相談できるところだけ"), required=False)
    language = forms.ChoiceField(
        label=_("日本語以外で相談したい"), required=False, choices=LANGUAGE_CHOICES
    )

    def __init__(self, *args, wards=None, **kwargs):
        super().__init__(*args, **kwargs)
        wards = wards if wards is not None else Area.objects.filter(kind=AreaKind.WARD)
        self.fields["ward"].choices = [("", _("指定しない"))] + [(a.code, a.name) for a in wards]
        self.fields["code"].choices = [("", _("指定しない"))] + [
            (code, TROUBLE_LABELS[code]) for code in TROUBLE_CODES
        ]
        self.fields["kind"].choices = [("", _("すべて")), *ServiceKind.choices]
