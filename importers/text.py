"""Small text helpers shared by the importers."""

import re
from html import unescape
from urllib.parse import unquote

import nh3
from django.utils.text import slugify

SLUG = re.compile(r"^[-\w]+$")
ASCII_NUMBER = re.compile(r"[0-9]{1,18}")
LINK = re.compile(r"""<a\s[^>]*?href=(["'])(?P<href>[^"']*)\1[^>]*>(?P<text>.*?)</a\s*>""", re.IGNORECASE | re.DOTALL)


def clip(text, length):
    """Text cut to a column's length (PostgreSQL refuses longer values)."""
    text = text or ""
    return text if len(text) <= length else text[:length]


def make_slug(text, *, max_length, fallback=""):
    """A slug for a name: ASCII when the name has Latin letters, else the
    name's own letters (the URLs accept both, as WordPress's do)."""
    slug = slugify(text) or slugify(text, allow_unicode=True) or fallback
    return slug[:max_length].strip("-") or fallback


def wordpress_slug(raw, *, max_length):
    """A WordPress slug as a reader saw it in the address bar.

    WordPress stores non-ASCII slugs percent-encoded (`%e4%b8%ad`); decoded,
    they are the same address (browsers show and send either). A slug that is
    not one after decoding is made into one.
    """
    raw = (raw or "").strip()
    try:
        decoded = unquote(raw, errors="strict")
    except UnicodeDecodeError:  # not UTF-8 underneath: keep what can be kept
        decoded = raw.replace("%", "-")
    if decoded and SLUG.match(decoded):
        return decoded[:max_length]
    return make_slug(decoded, max_length=max_length)


def _link_as_text(match):
    """A link keeps its address: "text (address)", or the address alone."""
    text, href = match["text"], match["href"].strip()
    visible = unescape(nh3.clean(text, tags=set())).strip()
    if not href or unescape(href) == visible or not href.lower().startswith(("http://", "https://")):
        return text
    return f"{text} ({href})"


def plain_text(html):
    """Visible text of a bit of HTML: tags dropped, entities decoded.

    WordPress keeps `&amp;` in titles and term names, and comments may hold
    a few tags; our templates escape everything, so they get plain text.
    """
    if not html:
        return ""
    if "<" in html:
        html = LINK.sub(_link_as_text, html)
        html = re.sub(r"<br\s*/?>", "\n", html, flags=re.IGNORECASE)
        html = re.sub(r"</p\s*>", "\n\n", html, flags=re.IGNORECASE)
        html = nh3.clean(html, tags=set(), strip_comments=True)
    return unescape(html)


def is_number(text):
    """Digits 0-9 only, that int() takes and a database column holds ("²" and "١٢" are not)."""
    return bool(ASCII_NUMBER.fullmatch(text or ""))
