"""Measuring the analyser against a labelled set: crisis recall, false alarms, top-3 accuracy.

A labelled set is JSON lines: {"text": "...", "crisis": true|false, "codes": ["main", ...]}.
The first code is the main one; an empty list means "no particular trouble" and the line only
counts for the crisis figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import crisis_model, second_opinion
from .analysis import analyse
from .crisis_model import CrisisModel
from .labelled import Example, blind_sets, read_all, read_examples, training_files


@dataclass
class EvaluationReport:
    crisis_total: int = 0
    crisis_found: int = 0
    calm_total: int = 0
    false_alarms: int = 0
    coded_total: int = 0
    top3_hits: int = 0
    missed: list[Example] = field(default_factory=list)
    alarmed: list[Example] = field(default_factory=list)
    off_target: list[tuple[Example, list[str]]] = field(default_factory=list)

    @property
    def crisis_recall(self) -> float:
        return self.crisis_found / self.crisis_total if self.crisis_total else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.calm_total if self.calm_total else 0.0

    @property
    def top3_accuracy(self) -> float:
        return self.top3_hits / self.coded_total if self.coded_total else 1.0

    def summary_lines(self) -> list[str]:
        return [
            f"examples: {self.crisis_total + self.calm_total}"
            f" (crisis {self.crisis_total}, not crisis {self.calm_total})",
            f"crisis recall: {self.crisis_recall:.1%} ({self.crisis_found}/{self.crisis_total})",
            f"crisis false positives: {self.false_alarm_rate:.1%}"
            f" ({self.false_alarms}/{self.calm_total})",
            f"main code in top 3: {self.top3_accuracy:.1%} ({self.top3_hits}/{self.coded_total})",
        ]


def evaluate(
    examples: Iterable[Example],
    *,
    crisis_model: CrisisModel | None = None,
    codes_models: second_opinion.Models | None = None,
) -> EvaluationReport:
    """The analyser's figures; the models given replace the shipped ones."""
    report = EvaluationReport()
    for example in examples:
        result = analyse(example.text, crisis_model=crisis_model, codes_models=codes_models)
        if example.crisis:
            report.crisis_total += 1
            if result.crisis:
                report.crisis_found += 1
            else:
                report.missed.append(example)
        else:
            report.calm_total += 1
            if result.crisis:
                report.false_alarms += 1
                report.alarmed.append(example)
        if example.codes:
            report.coded_total += 1
            top3 = result.codes[:3]
            if example.codes[0] in top3:
                report.top3_hits += 1
            else:
                report.off_target.append((example, top3))
    return report


def evaluate_unseen() -> list[tuple[Path, EvaluationReport]]:
    """Each blind set measured with models trained on everything but that set.

    The shipped models learnt from every set, so their figures on them say little about text
    nobody here has seen; these do, for the models' part. The lexicon was tuned on each set
    after its blind measurement, so its part still flatters (docs/performance.md).
    """
    files = training_files()
    reports = []
    for held_out in blind_sets():
        rest = read_all(path for path in files if path != held_out)
        report = evaluate(
            read_examples(held_out),
            crisis_model=crisis_model.train(rest),
            codes_models=second_opinion.train_models(rest),
        )
        reports.append((held_out, report))
    return reports
