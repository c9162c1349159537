"""Every string has an easy-Japanese and an English translation."""

from __future__ import annotations

import re

import polib
import pytest
from django.conf import settings

PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")


def catalogue(locale: str) -> polib.POFile:
    return polib.pofile(str(settings.LOCALE_PATHS[0] / locale / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("locale", ["ja_Easy", "en"])
def test_every_message_is_translated(locale):
    po = catalogue(locale)
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


@pytest.mark.parametrize("locale", ["ja_Easy", "en"])
def test_translations_keep_their_placeholders(locale):
    for entry in catalogue(locale):
        assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(
            PLACEHOLDER.findall(entry.msgstr)
        ), entry.msgid
