"""Web hardening: check --deploy in production mode, CSP, no-store, rate limits."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from tsunagu.core.http import no_store
from tsunagu.core.ratelimit import hit, ratelimit, ratelimit_allows

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "tsunagu"


def production_environment() -> dict[str, str]:
    """The variables of deploy/production.env.example, read as `env $(grep -v '^#' …)` does."""
    # Only the basics of this shell: test tools set variables (DJANGO_ALLOW_ASYNC_UNSAFE…)
    # that a server would not have.
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL"}}
    for line in (ROOT / "deploy" / "production.env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name] = value
    return env


def test_check_deploy_is_clean_with_the_production_example():
    result = subprocess.run(
        [sys.executable, "-m", "tsunagu", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_every_page_sends_a_strict_content_security_policy(client, db):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_templates_keep_javascript_in_static_files():
    offenders = []
    for template in SRC.glob("*/templates/**/*.html"):
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag:
                offenders.append(f"{template.relative_to(SRC)}: {tag}")
        if re.search(r"\son[a-z]+=\"", text):
            offenders.append(f"{template.relative_to(SRC)}: inline event handler")
    assert offenders == []


def test_no_store_forbids_caching():
    response = no_store(lambda request: HttpResponse("x"))(RequestFactory().get("/"))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_rate_limit_allows_up_to_the_limit_then_answers_429(db):
    @ratelimit("test.form", limit=3, period=60)
    def view(request):
        return HttpResponse("ok")

    factory = RequestFactory()
    statuses = [view(factory.post("/form/")).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = view(factory.post("/form/"))
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "少し時間をおいてください" in refused.content.decode()
    assert view(factory.get("/form/")).status_code == 200  # GETs are not counted
    other = factory.post("/form/", REMOTE_ADDR="10.0.0.2")
    assert view(other).status_code == 200


def test_groups_are_counted_separately_and_addresses_are_not_kept(db):
    from django.core.cache import cache

    assert hit("test.a", "192.0.2.1", limit=1, period=60)[0]
    assert not hit("test.a", "192.0.2.1", limit=1, period=60)[0]
    assert hit("test.b", "192.0.2.1", limit=1, period=60)[0]
    assert not any("192.0.2.1" in str(key) for key in cache._cache)


def test_the_helper_for_apis_reads_the_forwarded_address_behind_a_proxy(db, settings):
    settings.TSUNAGU_TRUSTED_PROXY_COUNT = 1
    factory = RequestFactory()
    first = factory.get("/api/", HTTP_X_FORWARDED_FOR="203.0.113.5", REMOTE_ADDR="10.0.0.1")
    second = factory.get("/api/", HTTP_X_FORWARDED_FOR="203.0.113.6", REMOTE_ADDR="10.0.0.1")
    assert ratelimit_allows(first, "test.api", limit=1, period=60)
    assert not ratelimit_allows(first, "test.api", limit=1, period=60)
    assert ratelimit_allows(second, "test.api", limit=1, period=60)


@pytest.mark.parametrize(
    ("url", "data", "limit"),
    [
        ("/staff/login/", {"username": "x@example.jp", "password": "wrong-password-1"}, 20),
        ("/staff/password-reset/", {"email": "x@example.jp"}, 5),
    ],
)
def test_sign_in_and_password_reset_are_rate_limited(client, db, settings, url, data, limit):
    settings.AXES_FAILURE_LIMIT = 1000  # count the rate limit, not the lockout
    statuses = [client.post(url, data).status_code for _ in range(limit + 1)]
    assert 429 not in statuses[:limit]
    assert statuses[-1] == 429
