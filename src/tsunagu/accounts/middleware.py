"""Session rules for staff: idle timeout and the second factor (PRIV-6)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from tsunagu.core import audit

from .permissions import holds_personal_data_role

LAST_SEEN_KEY = "tsunagu_last_seen"


def needs_second_factor(user) -> bool:
    """Roles that read personal data, and superusers (the admin site can open any table)."""
    return user.is_authenticated and (user.is_superuser or holds_personal_data_role(user))


class IdleTimeoutMiddleware:
    """Sign people out after a period without requests.

    30 minutes for anyone whose role reads personal data, 8 hours for others (settings).
    The time of the last request is kept in the session, so it works across processes.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            limit = (
                settings.TSUNAGU_IDLE_TIMEOUT_PERSONAL_DATA
                if needs_second_factor(user)
                else settings.TSUNAGU_IDLE_TIMEOUT
            )
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > limit:
                audit.record("accounts.session.expired", actor=user, request=request)
                logout(request)
                messages.info(request, _("一定時間操作がなかったため、ログアウトしました。"))
                return redirect_to_login(request.get_full_path())
            request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


# Pages an unverified person may still open: signing in, the second factor, signing out.
OPEN_PREFIXES = ("/staff/login/", "/staff/logout/", "/staff/2fa/", "/staff/password-reset/")
GUARDED_PREFIXES = ("/staff/", "/admin/")


class SecondFactorMiddleware:
    """Anyone whose role reads personal data must pass TOTP before any staff or admin page.

    Without a confirmed device they are sent to enrol (first sign-in); with one, to verify.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if (
            path.startswith(GUARDED_PREFIXES)
            and not path.startswith(OPEN_PREFIXES)
            and needs_second_factor(request.user)
            and not request.user.is_verified()
        ):
            target = reverse("accounts:two_factor_verify")
            return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
