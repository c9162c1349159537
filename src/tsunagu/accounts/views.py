from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tsunagu.core import audit
from tsunagu.core.http import no_store, safe_next
from tsunagu.core.ratelimit import by_user_or_address, ratelimit

from . import services
from .forms import SignInForm, TokenForm
from .middleware import needs_second_factor
from .models import Membership
from .permissions import has_permission


@method_decorator(no_store, name="dispatch")
@method_decorator(ratelimit("accounts.sign_in", limit=20, period=300), name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record("accounts.session.signed_in", actor=form.get_user(), request=self.request)
        return response


class SignOutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            audit.record("accounts.session.signed_out", actor=request.user, request=request)
        return super().post(request, *args, **kwargs)


@login_required
@no_store
def home(request: HttpRequest) -> HttpResponse:
    memberships = (
        Membership.objects.current()
        .filter(user=request.user)
        .select_related("organisation__area", "role")
    )
    return render(
        request,
        "accounts/home.html",
        {
            "memberships": memberships,
            "needs_second_factor": needs_second_factor(request.user),
            "has_totp": services.has_confirmed_totp(request.user),
            "can_read_audit": has_permission(request.user, "system.audit.read"),
        },
    )


@login_required
@no_store
@require_http_methods(["GET", "POST"])
@ratelimit("accounts.two_factor", limit=10, period=300, key=by_user_or_address)
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    target = safe_next(request, reverse("accounts:home"))
    if not services.has_confirmed_totp(request.user):
        # First sign-in of someone who needs a second factor: enrol now (README).
        return redirect(f"{reverse('accounts:two_factor_setup')}?{urlencode({'next': target})}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.verify_second_factor(request, request.user, form.cleaned_data["token"]):
            return HttpResponseRedirect(target)
        form.add_error("token", _("コードが違うか、時間が過ぎています。もう一度入力してください。"))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": target})


@login_required
@no_store
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    # Replacing a confirmed device needs the current one: a stolen password is not enough.
    if services.has_confirmed_totp(request.user) and not request.user.is_verified():
        return redirect("accounts:two_factor_verify")
    target = safe_next(request, reverse("accounts:home"))
    device = services.pending_totp_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.confirm_totp(request, request.user, form.cleaned_data["token"])
        if codes is not None:
            messages.success(request, _("二段階認証を設定しました。"))
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": target})
        form.add_error(
            "token", "コードが違います。アプリに表示されている新しいコードを入力してください。"
        )
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "next": target,
            "qr_svg": qr.svg_inline(scale=5, dark="#000", light="#fff", title="QRコード"),
            "secret": _grouped_base32(device.bin_key),
        },
    )


@login_required
@no_store
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    if not request.user.is_verified():
        return redirect("accounts:two_factor_verify")
    with transaction.atomic():
        codes = services.replace_recovery_codes(request.user)
        audit.record("accounts.two_factor.codes_replaced", actor=request.user, request=request)
    return render(
        request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("accounts:home")}
    )


def _grouped_base32(key: bytes) -> str:
    from base64 import b32encode

    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


# Asking for reset mails is limited per address, so nobody can flood a colleague's inbox.
password_reset = ratelimit("accounts.password_reset", limit=5, period=3600)(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset_form.html",
        email_template_name="accounts/password_reset_email.txt",
        subject_template_name="accounts/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_done"),
    )
)
