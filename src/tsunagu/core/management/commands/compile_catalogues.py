from __future__ import annotations

from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogue_files() -> list[Path]:
    """Every .po file of the project's apps (each app keeps <app>/locale/)."""
    folders = [Path(p) for p in settings.LOCALE_PATHS]
    folders += [
        Path(config.path) / "locale"
        for config in apps.get_app_configs()
        if config.name.startswith("tsunagu.")
    ]
    return sorted(po for folder in folders for po in folder.glob("*/LC_MESSAGES/*.po"))


class Command(BaseCommand):
    help = (
        "Compile the translation catalogues (.po to .mo) without GNU gettext, "
        "so that a fresh machine needs nothing beyond Python."
    )

    def handle(self, *args, **options):
        compiled = 0
        for po_path in catalogue_files():
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            compiled += 1
        self.stdout.write(f"翻訳カタログ: {compiled} 件をコンパイルしました。")
