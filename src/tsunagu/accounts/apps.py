from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tsunagu.accounts"
    verbose_name = "アカウント"

    def ready(self) -> None:
        from . import rules  # noqa: F401 - registers the object-level rules
