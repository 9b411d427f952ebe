from django.apps import AppConfig


class NewsportalConfig(AppConfig):
    name = "newsportal"
    verbose_name = "BBN – Big Big News"

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import checks  # noqa: F401
        from .db import set_up_session

        connection_created.connect(set_up_session, dispatch_uid="newsportal.db.set_up_session")
