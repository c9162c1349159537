from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.accounts.factories import KITA_WARD, member, organisation
from tsunagu.accounts.models import Membership, Organisation, User
from tsunagu.core import audit
from tsunagu.core.backup import fingerprints, manifest_path
from tsunagu.core.models import Area, AuditEntry

from .encrypted_model import secret_note_table

SECRET = "ひみつの相談内容"


@pytest.fixture
def populated(transactional_db):
    call_command("load_areas", stdout=io.StringIO())
    with secret_note_table() as notes:
        kita = organisation(KITA_WARD, "北区役所")
        for i in range(5):
            user = member(f"p{i}@example.jp", kita, "referrals.inbox.read")
            audit.record("referrals.referral.viewed", actor=user, target=kita, organisation=kita)
            notes.objects.create(body=f"{SECRET} {i}", label="要配慮")
        yield notes


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_a_round_trip_restores_every_row_of_every_table(populated, tmp_path):
    path = tmp_path / "tsunagu.backup"
    before = fingerprints()
    output = run("backup", str(path))
    assert "バックアップしました" in output
    manifest = json.loads(manifest_path(path).read_text())["tables"]
    assert {name: [fp.rows, fp.sha256] for name, fp in before.items()} == manifest
    assert manifest["core_area"][0] == 72
    assert manifest["test_core_secretnote"][0] == 5

    # Everything that can go wrong after the backup: rows lost, changed and added.
    populated.objects.all().delete()
    Membership.objects.all().delete()
    User.objects.filter(email="p0@example.jp").update(full_name="変更")
    Organisation.objects.create(area=Area.objects.get(code="271020"), name="新しい組織")
    audit.record("core.thing.happened", actor=None)
    assert fingerprints() != before

    assert "すべての表の行数とチェックサムが一致" in run("restore", str(path), "--yes")
    after = fingerprints()
    restored_audit = AuditEntry.objects.order_by("-sequence").first()
    assert restored_audit.action == "core.backup.restored"
    after.pop("core_auditentry")
    expected = dict(before)
    expected.pop("core_auditentry")
    assert after == expected
    assert [n.body for n in populated.objects.order_by("pk")] == [f"{SECRET} {i}" for i in range(5)]


def test_encrypted_values_stay_encrypted_in_the_backup(populated, tmp_path):
    path = tmp_path / "tsunagu.backup"
    run("backup", str(path))
    content = path.read_bytes()
    assert SECRET.encode() not in content
    if connection.vendor == "sqlite":
        assert b"gAAAAA" in content  # the Fernet tokens are there, as stored


def test_restore_reports_a_backup_that_does_not_match_its_manifest(populated, tmp_path):
    path = tmp_path / "tsunagu.backup"
    run("backup", str(path))
    manifest = json.loads(manifest_path(path).read_text())
    manifest["tables"]["accounts_user"][0] += 1
    manifest_path(path).write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="accounts_user"):
        run("restore", str(path), "--yes")


def test_restore_refuses_a_missing_file_and_needs_confirmation(populated, tmp_path, settings):
    with pytest.raises(CommandError, match="見つかりません"):
        run("restore", str(tmp_path / "nothing"), "--yes")
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="--yes"):
        run("restore", str(tmp_path / "nothing"))
