"""Furigana (ruby) for やさしい日本語 pages, from Sudachi readings.

Only text between tags is touched; markup, attributes, entities and existing <ruby> stay as
they are. The reading goes over the kanji only: 食べる → <ruby>食<rt>た</rt></ruby>べる.
"""

from __future__ import annotations

import html
import re

import jaconv
from django.utils.safestring import SafeString, mark_safe

from .analysis import get_analyzer

_PIECES = re.compile(r"(<[^>]*>|&[#\w]+;)")
_KANJI = re.compile(r"[\u3400-\u9fff々〆]")
_SKIP_INSIDE = {"ruby", "script", "style", "textarea", "title", "rt"}


def ruby(text: str) -> str:
    """Plain text → HTML with ruby over words containing kanji (text is escaped)."""
    if not _KANJI.search(text):
        return html.escape(text, quote=False)
    out = []
    for morpheme in get_analyzer().tokenizer.tokenize(text):
        out.append(_word(morpheme.surface(), jaconv.kata2hira(morpheme.reading_form())))
    return "".join(out)


def _word(surface: str, reading: str) -> str:
    if not _KANJI.search(surface) or not reading or reading == surface:
        return html.escape(surface, quote=False)
    # Keep kana shared by the word and its reading outside the ruby (送り仮名).
    head = 0
    while head < min(len(surface), len(reading)) and surface[head] == reading[head]:
        head += 1
    tail = 0
    while (
        tail < min(len(surface), len(reading)) - head and surface[-1 - tail] == reading[-1 - tail]
    ):
        tail += 1
    core = surface[head : len(surface) - tail]
    core_reading = reading[head : len(reading) - tail]
    if not core or not core_reading:
        return html.escape(surface, quote=False)
    before = html.escape(surface[:head], quote=False)
    after = html.escape(surface[len(surface) - tail :], quote=False)
    core, core_reading = html.escape(core, quote=False), html.escape(core_reading, quote=False)
    return f"{before}<ruby>{core}<rt>{core_reading}</rt></ruby>{after}"


def add_ruby(markup: str) -> SafeString:
    """HTML → the same HTML with ruby added to its text."""
    out, skipping = [], []
    for piece in _PIECES.split(markup):
        if not piece:
            continue
        if piece.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", piece)
            tag = name.group(1).lower() if name else ""
            if tag in _SKIP_INSIDE:
                if piece.startswith("</"):
                    if skipping and skipping[-1] == tag:
                        skipping.pop()
                elif not piece.endswith("/>"):
                    skipping.append(tag)
            out.append(piece)
        elif piece.startswith("&") or skipping:
            out.append(piece)
        else:
            out.append(ruby(html.unescape(piece)))
    return mark_safe("".join(out))  # noqa: S308 - text parts are escaped in ruby()
