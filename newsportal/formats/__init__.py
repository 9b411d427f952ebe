"""Each language's own way of writing dates (FORMAT_MODULE_PATH in settings).

Besides Django's format names, every language here names the site's own:

- LONG_DATE_FORMAT: an article's date on cards and pages ("June 17, 2023");
- FULL_DATE_FORMAT: today's date in the top bar ("Saturday, June 17, 2023");
- COMMENT_DATETIME_FORMAT: when a comment was written ("June 17, 2023 - 12:29 pm").

Django's `get_format` finds a name it does not know in these modules too, but
gives the name itself back when a language has no module here: `site_format`
then falls back to English's.
"""

from django.utils.formats import get_format

SITE_FORMATS = ("LONG_DATE_FORMAT", "FULL_DATE_FORMAT", "COMMENT_DATETIME_FORMAT")


def site_format(name):
    """The active language's format string called `name` (one of SITE_FORMATS)."""
    value = get_format(name)
    if value == name:
        value = get_format(name, lang="en")
    return value
