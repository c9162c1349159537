from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tsunagu.core"
    verbose_name = "基盤"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the system checks
