"""Bringing content in from the old BBN site.

The importers live in an app of their own because they write both articles
and comments: the articles app may not know comments (the architecture rule),
and the comments app should not have to know the formats of another site. This
app depends on both and nothing depends on it, so it can be removed once the
newsroom has moved without touching either.

- `import_article FILE...`: an article page saved as text (see article_page.py).
- `import_wordpress EXPORT.xml`: a WordPress WXR export (see wordpress.py).
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportersConfig(AppConfig):
    name = "importers"
    verbose_name = _("Imports")
