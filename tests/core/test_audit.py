from __future__ import annotations

import io
import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.accounts.factories import KITA_WARD, organisation
from tsunagu.core import audit
from tsunagu.core.audit import GENESIS_HASH, ChainBroken, verify_chain
from tsunagu.core.models import AuditEntry


def unlock_audit_table():
    """Tamper tests play the attacker: on PostgreSQL they first lift the trigger."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Deferred foreign-key checks must run before the table can be altered.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only"
            )


@pytest.fixture
def chain(areas, superuser):
    org = organisation(KITA_WARD, "北区役所")
    return [
        audit.record("councils.case.viewed", actor=superuser, target=org, organisation=org),
        audit.record("referrals.referral.created", actor=superuser),
        audit.record("system.backup.made", actor=None),
        audit.record("councils.case.updated", actor=superuser, target=superuser),
    ]


def test_entries_are_chained_from_a_fixed_genesis(chain):
    assert chain[0].sequence == 1
    assert chain[0].previous_hash == GENESIS_HASH
    for before, after in itertools.pairwise(chain):
        assert after.previous_hash == before.hash
        assert after.sequence == before.sequence + 1
    assert verify_chain().checked == 4


def test_targets_are_stored_as_references_by_uuid_when_there_is_one(chain, superuser):
    org_entry = AuditEntry.objects.get(sequence=1)
    assert org_entry.target_type.model == "organisation"
    assert org_entry.target_id == str(chain[0].organisation.uuid)
    assert AuditEntry.objects.get(sequence=4).target_id == str(superuser.pk)
    assert org_entry.target_label.startswith("accounts.organisation:")


def test_the_request_id_is_kept(rf, superuser):
    request = rf.get("/")
    request.request_id = "abc123"
    assert (
        audit.record("core.thing.viewed", actor=superuser, request=request).request_id == "abc123"
    )


@pytest.mark.parametrize("action", ["viewed", "Councils.case.viewed", "councils case", ""])
def test_actions_must_be_namespaced(db, action):
    with pytest.raises(ValueError, match=r"app\.thing\.verb"):
        audit.record(action, actor=None)
    assert AuditEntry.objects.count() == 0


def test_an_anonymous_actor_is_stored_as_nobody(db):
    from django.contrib.auth.models import AnonymousUser

    assert audit.record("core.page.viewed", actor=AnonymousUser()).actor_id is None


def test_an_edited_entry_is_named(chain):
    unlock_audit_table()
    AuditEntry.objects.filter(sequence=2).update(action="referrals.referral.deleted")
    with pytest.raises(ChainBroken) as broken:
        verify_chain()
    assert broken.value.sequence == 2


def test_an_entry_rewritten_with_a_fresh_hash_is_still_caught(chain):
    unlock_audit_table()
    entry = AuditEntry.objects.get(sequence=2)
    entry.actor_id = None
    entry.hash = audit.entry_hash(entry)
    AuditEntry.objects.filter(pk=entry.pk).update(actor=None, hash=entry.hash)
    with pytest.raises(ChainBroken) as broken:
        verify_chain()
    assert broken.value.sequence == 2


def test_a_removed_entry_is_named(chain):
    unlock_audit_table()
    AuditEntry.objects.filter(sequence=3).delete()
    with pytest.raises(ChainBroken) as broken:
        verify_chain()
    assert broken.value.sequence == 3


def test_removing_the_first_entry_is_caught(chain):
    unlock_audit_table()
    AuditEntry.objects.filter(sequence=1).delete()
    with pytest.raises(ChainBroken) as broken:
        verify_chain()
    assert broken.value.sequence == 1


def test_audit_verify_exits_non_zero_naming_the_entry(chain):
    unlock_audit_table()
    AuditEntry.objects.filter(sequence=3).update(target_id="999")
    with pytest.raises(CommandError, match="第3件"):
        call_command("audit_verify")


def test_audit_verify_reports_a_sound_chain_with_its_last_hash(chain):
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert "4 件" in out.getvalue()
    assert chain[-1].hash in out.getvalue()


def test_an_empty_log_verifies(db):
    assert verify_chain().checked == 0


def test_postgresql_refuses_updates_and_deletes_and_sqlite_relies_on_the_chain(chain):
    from django.db import DatabaseError, transaction

    if connection.vendor != "postgresql":
        # SQLite has no database users or triggers here: the chain is the only guard.
        AuditEntry.objects.filter(sequence=1).update(action="core.x.y")
        with pytest.raises(ChainBroken):
            verify_chain()
        return
    for attempt in (
        lambda: AuditEntry.objects.filter(sequence=1).update(action="core.x.y"),
        lambda: AuditEntry.objects.filter(sequence=1).delete(),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            attempt()
    assert verify_chain().checked == 4
