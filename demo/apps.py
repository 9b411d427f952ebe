from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo portal: its content, pictures, comments and newsroom accounts, and the commands that load them.

    It knows the articles, comments and accounts apps; none of them knows it.
    """

    name = "demo"
    verbose_name = _("Demo content")
