from django.apps import AppConfig
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        checks.register(check_comment_settings)


def check_comment_settings(app_configs=None, **kwargs):
    """A mistyped rate limit should stop the deploy, not the first comment."""
    from django.conf import settings

    from .spam import parse_rate_limits

    errors = []
    for setting in ("COMMENTS_RATE_LIMITS", "COMMENTS_REPORT_RATE_LIMITS"):
        try:
            parse_rate_limits(getattr(settings, setting), setting)
        except ImproperlyConfigured as error:
            errors.append(checks.Error(str(error), id="comments.E001"))
    return errors
