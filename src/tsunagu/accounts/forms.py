from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("メールアドレス"),
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _(
            "メールアドレスかパスワードが違います。%(username)s は大文字と小文字を区別しません。"
        ),
        "inactive": _("このアカウントは使えません。所属の担当者に確認してください。"),
    }


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("確認コード"),
        regex=r"^[0-9a-z ]{6,16}$",
        help_text=_("認証アプリに表示される6桁の数字、または回復コード"),
        error_messages={"invalid": _("6桁の数字か、回復コードを入力してください。")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )
