"""Text folding for the directory search.

Residents type the same word many ways: full- or half-width (ｿｳﾀﾞﾝ / ソウダン), katakana or
hiragana (サロン / さろん), upper or lower case Latin. We store one folded copy of each
service's names and description and fold the query the same way, so a plain substring
match finds them all (DIR-6).
"""

from __future__ import annotations

import unicodedata

_KATAKANA_START = 0x30A1
_KATAKANA_END = 0x30F6
_KANA_OFFSET = 0x60


def katakana_to_hiragana(text: str) -> str:
    return "".join(
        chr(ord(ch) - _KANA_OFFSET) if _KATAKANA_START <= ord(ch) <= _KATAKANA_END else ch
        for ch in text
    )


def normalise_for_search(text: str) -> str:
    """NFKC (widths, compatibility forms), katakana → hiragana, lower case, single spaces."""
    folded = unicodedata.normalize("NFKC", text or "")
    folded = katakana_to_hiragana(folded).lower()
    # The ideographic space becomes a plain space under NFKC; collapse runs of spaces.
    return " ".join(folded.split())
