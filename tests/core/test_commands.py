from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tsunagu.accounts.models import User
from tsunagu.core.models import Area


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def test_load_areas_reports_what_it_loaded(db):
    output = run("load_areas")
    assert "prefecture 47" in output
    assert "ward 24" in output
    assert "新規 72" in output


def test_load_areas_stops_on_a_missing_folder(db, tmp_path):
    with pytest.raises(CommandError, match="ファイルが見つかりません"):
        run("load_areas", data_dir=tmp_path / "nowhere")


def test_load_sample_data_twice_does_not_duplicate_anything(db):
    first = run("load_sample_data")
    counts = (Area.objects.count(), User.objects.count())
    second = run("load_sample_data")
    assert (Area.objects.count(), User.objects.count()) == counts
    assert "admin@example.jp" in first
    assert "[作成]" in first
    assert "[既存]" in second


def test_the_demo_account_can_sign_in(db, client):
    run("load_sample_data")
    assert client.login(username="admin@example.jp", password="tsunagu-demo-2026")


def test_sample_data_is_refused_in_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="本番環境"):
        run("load_sample_data")
    assert User.objects.count() == 0
