"""The allow-list every article body passes through before it is stored.

Editors write HTML in the admin; readers' browsers must only ever get the
structural subset below. Scripts, event handlers, styles and `javascript:`
URLs cannot survive, whatever path the HTML came in by (admin, import, seed).

Links may go to the web (http, https), to a mail address or to a page of
ours. Images may only come from this site (a relative address, or under
MEDIA_URL / STATIC_URL when those are absolute): a picture from elsewhere
would let its host watch our readers, and is dropped with its tag.
"""

import re
from urllib.parse import urlsplit

import nh3
from django.conf import settings

from newsportal.links import as_browsers_read

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "b", "em", "i",
    "blockquote", "img", "figure", "figcaption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# nh3 (html5ever) writes every tag back out in this normalised form, so a
# pattern is enough to find an <img> whose src was refused.
IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def is_own_image_address(url: str) -> bool:
    """A relative address on this site, or one under our absolute media or static URL."""
    # As a browser reads it (newsportal.links):
    # "/\t/evil.example" and "\\evil.example" both mean another host.
    value = as_browsers_read(url)
    parts = urlsplit(value)
    if not parts.scheme and not parts.netloc and not value.startswith("//"):
        return True
    return any(
        base.startswith(("https://", "http://")) and value.startswith(base)
        for base in (settings.MEDIA_URL, settings.STATIC_URL)
    )


def _filter_attribute(tag, attribute, value):
    if tag == "img" and attribute == "src" and not is_own_image_address(value):
        return None
    if attribute in ("width", "height") and not value.isdigit():
        return None
    return value


def sanitize_body(html: str) -> str:
    cleaned = nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return IMG_WITHOUT_SRC.sub("", cleaned)
