"""Production mode refuses to start without its secrets, in one clear line."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

COMPLETE = {
    "TSUNAGU_ENV": "production",
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "tsunagu.example.jp",
    "DATABASE_URL": "postgres://tsunagu@127.0.0.1:5432/tsunagu",
    "TSUNAGU_ENCRYPTION_KEYS": "placeholder",
}


def start(env_changes: dict[str, str | None]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in COMPLETE}
    env.update({k: v for k, v in env_changes.items() if v is not None})
    return subprocess.run(
        [sys.executable, "-m", "tsunagu", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_names_the_missing_variable(missing):
    result = start({**COMPLETE, missing: None})
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert missing in result.stderr
    assert "Traceback" not in result.stderr


def test_a_database_url_with_an_unknown_scheme_is_refused_plainly():
    result = start({**COMPLETE, "DATABASE_URL": "mysql://somewhere/tsunagu"})
    assert result.returncode == 2
    assert "DATABASE_URL must start with postgres://" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_environment_name_is_refused():
    result = start({"TSUNAGU_ENV": "prod"})
    assert result.returncode == 2
    assert "TSUNAGU_ENV must be development, test or production" in result.stderr


def test_development_starts_with_no_variables_at_all():
    result = start({})
    assert result.returncode == 0, result.stderr
