"""Things to carry away: a QR code of the results address (SVG) and a PDF to take to a window.

The PDF uses reportlab's built-in Japanese CID font (HeiseiKakuGo-W5), which needs no font
file; when `TSUNAGU_PDF_FONT_PATH` names a TrueType/OpenType file it is embedded instead.
"""

from __future__ import annotations

import io

import segno
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from tsunagu.core.pdf import japanese_font, wrap_text
from tsunagu.directory.services import CrisisLine
from tsunagu.directory.troubles import TROUBLE_LABELS

from .results import Results


def qr_svg(url: str) -> str:
    """An SVG QR code of `url`, drawn on the server (nothing from a CDN, works without JS)."""
    return segno.make(url, error="m").svg_inline(scale=4, title=_("この結果のページのアドレス"))


def _crisis_line_text(crisis_line: CrisisLine) -> str:
    """Number first, as on the results page."""
    return "  ".join(p for p in (crisis_line.number, crisis_line.name, crisis_line.hours) if p)


def results_pdf(results: Results, url: str) -> bytes:
    """One or two A4 pages: crisis lines when needed, then each window with its reasons."""
    font = japanese_font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    pdf.setTitle(_("つながりナビの結果"))
    width, height = A4
    left, y = 18 * mm, height - 20 * mm

    def line(text: str, size: int = 10, gap: float = 5.5) -> None:
        nonlocal y
        for chunk in wrap_text(text, font, size, width - 2 * left):
            if y < 20 * mm:
                pdf.showPage()
                y = height - 20 * mm
            pdf.setFont(font, size)
            pdf.drawString(left, y, chunk)
            y -= gap * mm * size / 10

    line(_("つながりナビの結果"), 16, 8)
    if results.crisis:
        # Crisis first, from the directory's vetted lines, as on the results page; the fixed
        # 119/110 sentence only when the directory has no emergency numbers.
        if results.emergency_lines:
            line(_("いま危ないとき・命の危険があるとき"), 12, 7)
            for crisis_line in results.emergency_lines:
                line(_crisis_line_text(crisis_line), 11, 6)
        else:
            line(
                _("命の危険があるときは、119（消防・救急）か110（警察）に電話してください。"), 12, 7
            )
        if results.crisis_lines:
            line(_("話を聞いてもらう"), 12, 7)
            for crisis_line in results.crisis_lines:
                line(_crisis_line_text(crisis_line), 11, 6)
        y -= 3 * mm
    if results.choices.codes:
        labels = "、".join(str(TROUBLE_LABELS[c]) for c in results.choices.codes)
        line(_("困りごと: %(labels)s") % {"labels": labels})
    y -= 3 * mm
    for suggestion in results.windows + results.places:
        service = suggestion.service
        phone = suggestion.phone
        line(service.name + ("  " + phone.number if phone else ""), 12, 7)
        if service.hours_note:
            line(_("受付: %(hours)s") % {"hours": service.hours_note})
        if suggestion.address:
            line(_("場所: %(address)s") % {"address": suggestion.address})
        for reason in suggestion.reasons:
            line("・" + reason)
        if service.what_to_say:
            line(_("電話でのひとこと: %(words)s") % {"words": service.what_to_say})
        y -= 3 * mm
    line(_("このページのアドレス: %(url)s") % {"url": url}, 8, 5)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
