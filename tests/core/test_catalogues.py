"""Every string of every app has an easy-Japanese and an English translation."""

from __future__ import annotations

import re

import polib
import pytest

from tsunagu.core.management.commands.compile_catalogues import catalogue_files

PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")
CATALOGUES = catalogue_files()


def test_every_app_with_strings_ships_both_catalogues():
    locales = {path.parent.parent.name for path in CATALOGUES}
    assert locales == {"ja_Easy", "en"}


@pytest.mark.parametrize(
    "path", CATALOGUES, ids=lambda p: f"{p.parents[3].name}-{p.parents[1].name}"
)
def test_every_message_is_translated_with_its_placeholders(path):
    po = polib.pofile(str(path))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    for entry in po:
        assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(
            PLACEHOLDER.findall(entry.msgstr)
        ), entry.msgid
