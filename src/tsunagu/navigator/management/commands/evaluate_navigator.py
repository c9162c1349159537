"""`tsunagu evaluate_navigator [FILE]`: the analyser's figures on a labelled set (make eval).

With --unseen, each blind set instead, measured with models trained without it.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tsunagu.navigator.evaluation import evaluate, evaluate_unseen, read_examples
from tsunagu.navigator.labelled import labelled_texts_path


class Command(BaseCommand):
    help = "Print crisis recall, crisis false positives and top-3 accuracy on a labelled set."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", help="JSON lines; default data/navigator/labelled_texts.jsonl"
        )
        parser.add_argument("--show", action="store_true", help="List every miss and alarm.")
        parser.add_argument(
            "--unseen",
            action="store_true",
            help="Each blind set (data/navigator/blind) with models trained without it.",
        )

    def handle(self, *args, file, show, unseen, **options):
        if unseen:
            self._unseen(show)
            return
        path = Path(file) if file else labelled_texts_path()
        if not path.exists():
            raise CommandError(
                f"{path} が見つかりません。JSON lines の評価セットを指定してください。"
            )
        try:
            report = evaluate(read_examples(path))
        except ValueError as error:
            raise CommandError(str(error)) from error
        self._print(report, show)

    def _unseen(self, show):
        try:
            reports = evaluate_unseen()
        except ImportError as error:
            raise CommandError(
                "--unseen は crisis model を学習し直すので scikit-learn が必要です"
                "（make install-test）。"
            ) from error
        except ValueError as error:
            raise CommandError(str(error)) from error
        for path, report in reports:
            self.stdout.write(f"-- {path.name}, models trained without it")
            self._print(report, show)

    def _print(self, report, show):
        for line in report.summary_lines():
            self.stdout.write(line)
        if show:
            for example in report.missed:
                self.stdout.write(f"MISSED CRISIS line {example.line}: {example.text}")
            for example in report.alarmed:
                self.stdout.write(f"FALSE ALARM line {example.line}: {example.text}")
            for example, top3 in report.off_target:
                self.stdout.write(
                    f"OFF TARGET line {example.line}: expected {example.codes[0]}, got {top3}:"
                    f" {example.text}"
                )
