import io
import json

import pytest
from django.core.management import CommandError, call_command


def run(monkeypatch, stdin: str) -> list[dict]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    call_command("analyze", "--jsonl", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_it_writes_one_line_per_input_with_categories_by_score(monkeypatch):
    lines = run(monkeypatch, '{"text": "しにたい"}\n{"text": "母の介護でしんどい"}\n')
    assert lines[0]["crisis"] is True
    first = lines[0]["categories"][0]
    assert first == {"code": "suicidal", "score": 0.777, "because": ["しにたい"]}
    assert lines[1]["crisis"] is False
    scores = [c["score"] for c in lines[1]["categories"]]
    assert scores == sorted(scores, reverse=True)


def test_it_names_a_bad_line_and_goes_on(monkeypatch):
    lines = run(monkeypatch, 'not json\n{"txt": "x"}\n{"text": 3}\n{"text": "さみしい"}\n')
    assert [line.get("line") for line in lines[:3]] == [1, 2, 3]
    assert "line 1" in lines[0]["error"]
    assert '"text"' in lines[1]["error"]
    assert lines[3]["categories"][0]["code"] == "loneliness"


def test_it_rejects_a_text_over_the_limit_on_its_line(monkeypatch):
    lines = run(monkeypatch, json.dumps({"text": "あ" * 2001}) + "\n")
    assert lines == [{"line": 1, "error": lines[0]["error"]}]
    assert "2000" in lines[0]["error"]


def test_it_analyses_one_text_given_as_an_argument():
    out = io.StringIO()
    call_command("analyze", "ひとりぼっち", stdout=out)
    assert json.loads(out.getvalue())["categories"][0]["code"] == "loneliness"


def test_it_explains_how_to_call_it_without_input():
    with pytest.raises(CommandError, match="--jsonl"):
        call_command("analyze")
