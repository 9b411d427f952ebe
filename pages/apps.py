from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Static pages")

    def ready(self):
        from newsportal import freshness

        from .models import Page

        freshness.register(Page, lambda page: f"page-{page.pk}")
