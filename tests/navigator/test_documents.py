"""The results PDF: what is drawn, in which order."""

from dataclasses import replace

import pytest
from reportlab.pdfgen import canvas

from tests.navigator.conftest import KITA, OFFICE_HOURS
from tsunagu.navigator import services
from tsunagu.navigator.choices import Choices
from tsunagu.navigator.documents import results_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(monkeypatch):
    """Every string the PDF draws, in order."""
    strings: list[str] = []
    original = canvas.Canvas.drawString

    def record(self, x, y, text, *args, **kwargs):
        strings.append(text)
        return original(self, x, y, text, *args, **kwargs)

    monkeypatch.setattr(canvas.Canvas, "drawString", record)
    return strings


def _crisis_results():
    choices = Choices(codes=("elderly_care", "suicidal"), ward=KITA)
    return services.navigator_results(choices, OFFICE_HOURS)


def test_the_crisis_lines_come_right_after_the_title(directory, drawn):
    found = _crisis_results()
    assert found.emergency_lines and found.crisis_lines
    assert results_pdf(found, "http://testserver/navi/results/").startswith(b"%PDF")
    assert drawn[0] == "つながりナビの結果"
    labels_at = next(i for i, text in enumerate(drawn) if text.startswith("困りごと:"))
    for crisis_line in found.emergency_lines + found.crisis_lines:
        at = next(i for i, text in enumerate(drawn) if crisis_line.number in text)
        assert at < labels_at
        assert crisis_line.name in drawn[at]
    first_emergency = next(i for i, t in enumerate(drawn) if found.emergency_lines[0].number in t)
    assert first_emergency < next(i for i, t in enumerate(drawn) if "話を聞いてもらう" in t)
    assert not any("119（救急）・110（警察）" in text for text in drawn)


def test_the_fixed_119_110_sentence_only_when_the_directory_has_no_emergency_numbers(
    directory, drawn
):
    found = replace(_crisis_results(), emergency_lines=[])
    results_pdf(found, "http://testserver/navi/results/")
    assert "119（消防・救急）か110（警察）" in drawn[1]


def test_no_crisis_block_without_a_crisis(directory, drawn):
    found = services.navigator_results(Choices(codes=("elderly_care",), ward=KITA), OFFICE_HOURS)
    results_pdf(found, "http://testserver/navi/results/")
    assert drawn[1].startswith("困りごと:")
    assert not any("110" in text for text in drawn[:3])
