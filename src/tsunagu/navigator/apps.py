from django.apps import AppConfig


class NavigatorConfig(AppConfig):
    name = "tsunagu.navigator"
    verbose_name = "つながりナビ"
