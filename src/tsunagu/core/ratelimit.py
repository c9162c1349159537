"""Rate limits on Django's cache: for sign-in, the correction form and the public API.

Views:

    @ratelimit("directory.correction", limit=5, period=3600)            # POSTs per address
    def correction(request): ...

Anywhere else (an API endpoint, a service):

    if not ratelimit_allows(request, "api.public", limit=600, period=60):
        return 429 ...

Counting is a fixed window per (group, client) stored in the default cache; with several web
processes the cache must be shared (CACHE_URL=redis://...). The client's address is hashed
with SECRET_KEY before it becomes a cache key, so the cache holds no addresses.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

KeyFunction = Callable[[HttpRequest], str]


def client_address(request: HttpRequest) -> str:
    """The client's address; behind N trusted proxies, the Nth address from the right."""
    proxies = getattr(settings, "TSUNAGU_TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def by_address(request: HttpRequest) -> str:
    return client_address(request)


def by_user_or_address(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return client_address(request)


def _cache_key(group: str, identity: str, window: int) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), identity.encode(), hashlib.sha256)
    return f"tsunagu:rl:{group}:{digest.hexdigest()[:32]}:{window}"


def hit(group: str, identity: str, *, limit: int, period: int) -> tuple[bool, int]:
    """Count one request; return (allowed, seconds until the window resets)."""
    now = int(time.time())
    window = now // period
    key = _cache_key(group, identity, window)
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 1)
        count = 1
    return count <= limit, period - (now % period)


def ratelimit_allows(
    request: HttpRequest,
    group: str,
    *,
    limit: int,
    period: int,
    key: KeyFunction = by_address,
) -> bool:
    allowed, _ = hit(group, key(request), limit=limit, period=period)
    return allowed


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    response = render(request, "core/rate_limited.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def ratelimit(
    group: str,
    *,
    limit: int,
    period: int,
    key: KeyFunction = by_address,
    methods: Iterable[str] = ("POST",),
) -> Callable:
    """View decorator: more than `limit` requests in `period` seconds answer 429."""
    counted = {method.upper() for method in methods}

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method in counted:
                allowed, retry_after = hit(group, key(request), limit=limit, period=period)
                if not allowed:
                    return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
