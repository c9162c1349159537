from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes lockout for sign-ins over HTTP.

    Every sign-in page passes the request, so it is always checked. Code that authenticates
    without a request (the test client's login(), a shell) has no address to lock out and
    is let through to the password check rather than failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_username(request, credentials: dict | None) -> str | None:
    """The address failures are counted against, lower-cased like sign-in itself."""
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get("username") or source.get("email")
    return username.strip().lower() if isinstance(username, str) else None
