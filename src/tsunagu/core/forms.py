from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _


class AuditSearchForm(forms.Form):
    """Search the audit log by person, by record and by period; every field is optional."""

    actor = forms.EmailField(label=_("操作した人（メールアドレス）"), required=False)
    target = forms.RegexField(
        label=_("対象のレコード"),
        required=False,
        regex=r"^([a-z_]+\.[a-z_]+:)?[0-9A-Za-z-]{1,64}$",
        help_text=_("例: referrals.referral:3f2a… または ID だけ"),
        error_messages={"invalid": _("「アプリ.モデル:ID」か ID だけを入力してください。")},
    )
    date_from = forms.DateField(
        label=_("開始日"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("終了日"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        start: datetime.date | None = data.get("date_from")
        end: datetime.date | None = data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("終了日は開始日より後の日にしてください。"))
        return data
