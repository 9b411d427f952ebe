from django.apps import AppConfig


class NewsportalConfig(AppConfig):
    name = "newsportal"
    verbose_name = "BBN – Big Big News"

    def ready(self):
        from . import checks  # noqa: F401
