from tsunagu.core.pdf import japanese_font, wrap_text
from tsunagu.referrals import sheet


def _content(**changes):
    fields = dict(
        service_name="サンプル北区 相談窓口",
        organisation_name="サンプル区社会福祉協議会",
        hours="平日 9:00〜17:30",
        phones=["06-0000-0100"],
        addresses=["大阪府大阪市北区サンプル1-1"],
        how_to_get_there=["サンプル駅から歩いて5分"],
        what_to_say="「市役所ですすめられました」と伝えてください。",
        is_sample=True,
    )
    fields.update(changes)
    return sheet.SheetContent(**fields)


def test_it_makes_a_one_page_pdf_in_the_builtin_japanese_font():
    pdf = sheet.render_sheet(_content())
    assert pdf.startswith(b"%PDF")
    assert b"HeiseiKakuGo-W5" in pdf
    assert b"/Count 1" in pdf


def test_a_font_path_that_cannot_be_used_falls_back_to_the_builtin_font(settings, tmp_path):
    bad = tmp_path / "not-a-font.ttf"
    bad.write_bytes(b"nothing")
    settings.TSUNAGU_PDF_FONT_PATH = str(bad)
    pdf = sheet.render_sheet(_content())
    assert b"HeiseiKakuGo-W5" in pdf


def test_long_text_wraps_instead_of_running_off_the_page():
    lines = wrap_text("あ" * 200, japanese_font(), 11, 300)
    assert len(lines) > 1
    assert all(len(line) <= 200 for line in lines)
