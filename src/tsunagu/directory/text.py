"""Text folding for the directory search.

Residents type the same word many ways: full- or half-width (ｿｳﾀﾞﾝ / ソウダン), katakana or
hiragana (サロン / さろん), upper or lower case Latin, and different spellings of one word
(子供 / 子ども, 引き篭もり / ひきこもり). We store one folded copy of each service's names and
description, plus Sudachi's normalised form of each word, and fold the query the same way
(DIR-6). A query word matches when it appears as typed (folded) or when all of its Sudachi
normalised forms appear.
"""

from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache

_KATAKANA_START = 0x30A1
_KATAKANA_END = 0x30F6
_KANA_OFFSET = 0x60
_local = threading.local()


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


def _tokenizer():
    # Sudachi tokenizers are not thread-safe; one per thread, built on first use.
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        from sudachipy import Dictionary

        tokenizer = Dictionary().tokenizer()
        _local.tokenizer = tokenizer
    return tokenizer


@lru_cache(maxsize=2048)
def normalised_forms(text: str) -> tuple[str, ...]:
    """Sudachi's normalised form of each content word (子ども → 子供), folded."""
    from sudachipy import SplitMode

    text = unicodedata.normalize("NFKC", text or "")[:2000]
    if not text.strip():
        return ()
    forms = []
    for morpheme in _tokenizer().tokenize(text, SplitMode.C):
        if morpheme.part_of_speech()[0] in ("補助記号", "空白"):
            continue
        form = normalise_for_search(morpheme.normalized_form())
        if form:
            forms.append(form)
    return tuple(forms)


def search_document(*parts: str) -> str:
    """The stored search text: the folded text, then the folded normalised forms."""
    text = " ".join(p for p in parts if p)
    return normalise_for_search(text) + " | " + " ".join(normalised_forms(text))
