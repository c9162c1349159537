"""Benchmarks of the navigator's free-text analysis (make bench; figures in docs/performance.md).

The analyser (Sudachi tokenizer and compiled lexicon) is built once per process and reused,
as in production; the first call below builds it outside the timed rounds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tsunagu.navigator.analysis import analyse, get_analyzer

EVAL_SET = Path(__file__).parents[2] / "data" / "navigator" / "labelled_texts.jsonl"
SHORT = "母の介護でしんどい"
LONG = (
    "去年の春に夫を亡くしてから、ずっと一人で暮らしています。近所に知り合いもいなくて、"
    "誰とも話さない日が続いています。年金だけでは生活が苦しく、家賃の支払いも心配です。"
    "夜になると不安で眠れず、ほんまにしんどい。息子は遠くに住んでいて、仕事が忙しいようで"
    "連絡もあまりありません。病院にも行かないといけないのですが、足腰が弱ってきて一人で"
    "出かけるのが怖いです。どこに相談したらいいのかわかりません。"
) * 4  # about 800 characters


@pytest.fixture(scope="module", autouse=True)
def _warm():
    get_analyzer()


def test_bench_analyse_short_text(benchmark):
    assert benchmark(analyse, SHORT).codes[0] == "elderly_care"


def test_bench_analyse_long_text(benchmark):
    assert len(LONG) > 700
    assert not benchmark(analyse, LONG).crisis


def test_bench_analyse_the_evaluation_set(benchmark):
    texts = [json.loads(line)["text"] for line in EVAL_SET.read_text("utf-8").splitlines()]

    def run():
        return [analyse(text) for text in texts]

    results = benchmark(run)
    assert len(results) == len(texts)
    benchmark.extra_info["texts"] = len(texts)
