from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tsunagu.core.models import Area, AreaKind

from .models import CorrectionKind, ServiceKind, ServiceStatus
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


class ServiceEditForm(forms.Form):
    """What window staff and editors change from the staff pages."""

    name = forms.CharField(label=_("名前"), max_length=200)
    kana = forms.CharField(label=_("よみがな"), max_length=300, required=False)
    description = forms.CharField(label=_("説明"), widget=forms.Textarea, required=False)
    what_to_say = forms.CharField(
        label=_("電話でのひとこと"), widget=forms.Textarea, required=False
    )
    hours_note = forms.CharField(label=_("受付時間（文章）"), max_length=300, required=False)
    phone = forms.CharField(
        label=_("電話番号"), max_length=30, required=False, help_text=_("例: 06-0000-0000")
    )
    hours = forms.CharField(
        label=_("受付時間"),
        required=False,
        help_text=_("例: 平日 9:00-17:30／第2・第4水 13:00-15:00／24時間"),
    )
    is_free = forms.BooleanField(label=_("無料"), required=False)
    is_anonymous = forms.BooleanField(label=_("匿名で相談できる"), required=False)
    status = forms.ChoiceField(label=_("状態"), choices=ServiceStatus.choices)

    def clean_phone(self) -> str:
        from .tabular import PHONE_RE

        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE_RE.match(phone):
            raise forms.ValidationError(
                _("「%(phone)s」は電話番号の形ではありません。例: 06-0000-0000"),
                params={"phone": phone},
            )
        return phone

    def clean_hours(self) -> str:
        from .hours_text import HoursTextError, format_hours_text, parse_hours_text
        from .tabular import _schedules_from

        text = self.cleaned_data["hours"]
        try:
            rules = parse_hours_text(text)
        except HoursTextError as error:
            raise forms.ValidationError(str(error)) from error
        # Store the normalised notation so that an unchanged value compares equal.
        return format_hours_text(_schedules_from(rules))


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("どこが違いましたか"), choices=CorrectionKind.choices, widget=forms.RadioSelect
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("ファイル（.csv か .xlsx）"))
    dry_run = forms.BooleanField(
        label=_("試しに読むだけ（書きこまない）"), required=False, initial=True
    )
