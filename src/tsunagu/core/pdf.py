"""Shared pieces for the PDFs residents take to a window (navigator results, つなぎシート).

Text is set in the TrueType/OpenType font named by TSUNAGU_PDF_FONT_PATH (embedded, so the
PDF looks the same everywhere) and otherwise in reportlab's built-in Japanese CID font, which
needs no system package.
"""

from __future__ import annotations

import logging

from django.conf import settings
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

logger = logging.getLogger(__name__)

BUILTIN_FONT = "HeiseiKakuGo-W5"
CONFIGURED_FONT = "TsunaguFont"


def japanese_font() -> str:
    """Register (once) and name the font the PDFs use."""
    path = getattr(settings, "TSUNAGU_PDF_FONT_PATH", "")
    registered = pdfmetrics.getRegisteredFontNames()
    if path:
        if CONFIGURED_FONT in registered:
            return CONFIGURED_FONT
        try:
            pdfmetrics.registerFont(TTFont(CONFIGURED_FONT, path))
            return CONFIGURED_FONT
        except (OSError, TTFError):
            # A PDF in the built-in font is better than no PDF for the person waiting.
            logger.warning("TSUNAGU_PDF_FONT_PATH cannot be used (TrueType outlines needed)")
    if BUILTIN_FONT not in registered:
        pdfmetrics.registerFont(UnicodeCIDFont(BUILTIN_FONT))
    return BUILTIN_FONT


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """Break text by measured width: Japanese has no spaces to break on."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for char in paragraph:
            if line and pdfmetrics.stringWidth(line + char, font, size) > width:
                lines.append(line)
                line = char
            else:
                line += char
        lines.append(line)
    return lines
