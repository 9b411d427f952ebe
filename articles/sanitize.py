"""The allow-list every article body passes through before it is stored.

Editors write HTML in the admin; readers' browsers must only ever get the
structural subset below. Scripts, event handlers, styles and `javascript:`
URLs cannot survive, whatever path the HTML came in by (admin, import, seed).

Links may go to the web (http, https), to a mail address or to a page of
ours. Images may only come from this site (a relative address, or under
MEDIA_URL / STATIC_URL when those are absolute): a picture from elsewhere
would let its host watch our readers, and is dropped with its tag. The same
holds for every address in an image's srcset and for audio and video
(their src, a <source>'s src, a video's poster): a player never loads
anything from another host. Classes are kept only on figures, and only the
few the stylesheet knows (a gallery and its columns, an embed's link block).
"""

import re
from urllib.parse import urlsplit

import nh3
from django.conf import settings

from newsportal.links import as_browsers_read

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "b", "em", "i",
    "blockquote", "img", "figure", "figcaption", "audio", "video", "source",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "srcset", "alt", "width", "height"},
    "audio": {"src", "controls", "preload"},
    "video": {"src", "controls", "preload", "poster", "width", "height"},
    "source": {"src", "type"},
}
ALLOWED_CLASSES = {"figure": {"gallery", "embed", *(f"gallery-columns-{n}" for n in range(1, 10))}}
# Attributes that load something: only from this site.
OWN_ADDRESS_ATTRIBUTES = {("img", "src"), ("audio", "src"), ("video", "src"), ("video", "poster"), ("source", "src")}
PRELOAD_VALUES = {"none", "metadata"}
MEDIA_TYPE = re.compile(r"^(audio|video)/[\w.+-]{1,40}$")
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# nh3 (html5ever) writes every tag back out in this normalised form, so a
# pattern is enough to find an <img> whose src was refused.
IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
# A player whose addresses were all refused would be an empty box.
PLAYER_WITHOUT_SOURCE = re.compile(r"<(audio|video)(?![^>]*\ssrc=)[^>]*>(?:(?!<source\s[^>]*src=).)*?</\1>", re.DOTALL)


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


def _own_srcset(value):
    """A srcset whose every candidate is ours, or None: one foreign candidate and the browser could pick it."""
    candidates = [candidate.strip().split() for candidate in value.split(",") if candidate.strip()]
    if not candidates or any(not parts or not is_own_image_address(parts[0]) for parts in candidates):
        return None
    return value


def _filter_attribute(tag, attribute, value):
    if (tag, attribute) in OWN_ADDRESS_ATTRIBUTES and not is_own_image_address(value):
        return None
    if attribute == "srcset":
        return _own_srcset(value)
    if attribute in ("width", "height") and not value.isdigit():
        return None
    if attribute == "controls":
        return ""
    if attribute == "preload":
        return value if value in PRELOAD_VALUES else "none"
    if tag == "source" and attribute == "type":
        return value if MEDIA_TYPE.match(value) else None
    return value


def sanitize_body(html: str) -> str:
    cleaned = nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=ALLOWED_URL_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return PLAYER_WITHOUT_SOURCE.sub("", IMG_WITHOUT_SRC.sub("", cleaned))
