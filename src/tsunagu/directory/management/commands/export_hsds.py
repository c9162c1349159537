from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from tsunagu.directory.hsds.export import export_document


class Command(BaseCommand):
    help = "Write the directory as one HSDS 3.0 JSON document (public unless --with-hidden)."

    def add_arguments(self, parser):
        parser.add_argument("output", type=Path, help="File to write (- for standard output)")
        parser.add_argument(
            "--with-hidden",
            action="store_true",
            help="Include hidden addresses (a staff backup, never for publication).",
        )

    def handle(self, *args, output: Path, with_hidden: bool = False, **options):
        document = export_document(public=not with_hidden)
        text = json.dumps(document, ensure_ascii=False, indent=1)
        if str(output) == "-":
            self.stdout.write(text)
            return
        output.write_text(text, encoding="utf-8")
        self.stdout.write(f"{len(document['services'])} 件の相談先を {output} に書き出しました。")
