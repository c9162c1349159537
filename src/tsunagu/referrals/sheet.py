"""つなぎシート: a one-page PDF the employee prints or hands over to the person.

It holds the window's public details only (name, hours, phone, how to get there, what to
say when calling), never the person's: a sheet left on a counter must harm nobody (REF-7).
Fonts and line breaking come from tsunagu.core.pdf (TSUNAGU_PDF_FONT_PATH or the built-in
Japanese CID font).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from tsunagu.core.pdf import japanese_font, wrap_text

logger = logging.getLogger(__name__)


@dataclass
class SheetContent:
    service_name: str
    organisation_name: str = ""
    hours: str = ""
    phones: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    how_to_get_there: list[str] = field(default_factory=list)
    what_to_say: str = ""
    is_sample: bool = False


def content_for(service) -> SheetContent:
    locations = [sal.location for sal in service.service_at_locations.all()]
    addresses, routes = [], []
    for location in locations:
        if getattr(location, "address_hidden", False):
            continue
        addresses += [
            str(a) + (f" {a.address_2}" if a.address_2 else "") for a in location.addresses.all()
        ]
        if location.transportation:
            routes.append(location.transportation)
    return SheetContent(
        service_name=service.name,
        organisation_name=service.organization.name,
        hours=service.hours_note,
        phones=[
            p.number + (f"（{p.description}）" if p.description else "")
            for p in service.phones.all()
        ],
        addresses=addresses,
        how_to_get_there=routes,
        what_to_say=service.what_to_say,
        is_sample=getattr(service.organization, "is_sample", False),
    )


def render_sheet(content: SheetContent) -> bytes:
    buffer = io.BytesIO()
    font = japanese_font()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(_("つなぎシート"))
    pdf.setAuthor(settings.TSUNAGU_SITE_NAME)
    width, height = A4
    left, usable = 20 * mm, width - 40 * mm
    y = height - 25 * mm

    def write(text: str, size: float = 11, gap: float = 2) -> None:
        nonlocal y
        pdf.setFont(font, size)
        for line in wrap_text(text, font, size, usable):
            pdf.drawString(left, y, line)
            y -= size + gap

    def heading(text: str) -> None:
        nonlocal y
        y -= 6
        write(text, 13, 4)

    write(_("つなぎシート"), 20, 8)
    if content.is_sample:
        write(_("【サンプル】この相談先は説明のための架空のものです。"), 10)
    write(_("困ったときに相談できる窓口です。話を聞いてもらうだけでも大丈夫です。"), 11)
    heading(_("相談先"))
    write(content.service_name, 16, 6)
    if content.organisation_name:
        write(content.organisation_name)
    if content.phones:
        heading(_("電話"))
        for phone in content.phones:
            write(phone, 14)
    if content.hours:
        heading(_("受付時間"))
        write(content.hours)
    if content.addresses or content.how_to_get_there:
        heading(_("場所・行き方"))
        for line in content.addresses + content.how_to_get_there:
            write(line)
    heading(_("電話で伝えること"))
    write(
        content.what_to_say
        or _("「市の職員から、こちらに相談するとよいと聞いて電話しました。」と伝えてください。")
    )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
