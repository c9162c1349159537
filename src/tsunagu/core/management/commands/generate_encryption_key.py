from __future__ import annotations

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print a new Fernet key to put first in TSUNAGU_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        self.stdout.write(Fernet.generate_key().decode())
