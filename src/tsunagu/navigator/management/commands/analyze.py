"""`tsunagu analyze --jsonl`: analyse JSON lines {"text": ...} from standard input.

One JSON line is written per input line, so outputs line up with inputs; a bad line gets
{"line": n, "error": "..."} and the command goes on with the next one. Nothing is logged.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from tsunagu.navigator.services import TextTooLong, analyze_text


class Command(BaseCommand):
    help = 'Analyse free text: JSON lines {"text": "..."} on stdin, or one text as an argument.'

    def add_arguments(self, parser):
        parser.add_argument("text", nargs="?", help="One text to analyse (instead of --jsonl).")
        parser.add_argument(
            "--jsonl", action="store_true", help='Read JSON lines {"text": "..."} from stdin.'
        )

    def handle(self, *args, text, jsonl, **options):
        if jsonl:
            self._stream(sys.stdin)
            return
        if text is None:
            raise CommandError(
                'テキストを引数で渡すか、--jsonl で {"text": "..."} を標準入力から渡してください。'
            )
        try:
            self._write(analyze_text(text).as_dict())
        except TextTooLong as error:
            raise CommandError(str(error)) from error

    def _stream(self, lines) -> None:
        for number, raw in enumerate(lines, start=1):
            try:
                self._write(analyze_text(_text_of(raw)).as_dict())
            except (ValueError, TextTooLong) as error:
                self._write({"line": number, "error": f"line {number}: {error}"})

    def _write(self, data: dict) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False))
        self.stdout.flush()


def _text_of(raw: str) -> str:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ValueError(f'not valid JSON ({error.msg}); expected {{"text": "..."}}') from None
    if not isinstance(data, dict) or "text" not in data:
        raise ValueError('expected an object with a "text" field, like {"text": "..."}')
    if not isinstance(data["text"], str):
        raise ValueError('"text" must be a string')
    return data["text"]
