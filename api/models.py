import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from .ratelimit import validate_rate_limit

KEY_PREFIX_LENGTH = 8


def key_digest(key):
    """What is stored of a key: its SHA-256. A database leak gives nobody a working key."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class ApiKey(models.Model):
    """A key a partner sends as `X-API-Key` to be allowed more requests per minute.

    The API shows the same public content with or without one: a key raises
    the rate limit, nothing else. Only the key's digest is kept; the key
    itself is shown once, when it is made in the admin.
    """

    name = models.CharField(_("name"), max_length=100, help_text=_("Who uses this key, e.g. the partner's name."))
    prefix = models.CharField(_("prefix"), max_length=KEY_PREFIX_LENGTH, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    rate_limit = models.CharField(
        _("rate limit"),
        max_length=20,
        blank=True,
        validators=[validate_rate_limit],
        help_text=_("Requests per address, like “600/1m” or “10000/1d”. Empty: the API_KEY_RATE_LIMIT setting."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def issue(self):
        """Give this key a new secret; returns it (the only time it can be read)."""
        key = secrets.token_urlsafe(32)
        self.prefix = key[:KEY_PREFIX_LENGTH]
        self.digest = key_digest(key)
        return key
