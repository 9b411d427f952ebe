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

What the body editor writes (articles/widgets.py) is EDITOR_TAGS and
EDITOR_ATTRIBUTES, exactly: a test holds the editor's extensions to them.
The rest (b, i, players) is kept for bodies that came from WordPress.

An embed is a neutral block (articles/embeds.py): a figure whose
data-embed-url is the address of a post on a site we embed. The block is
rebuilt here from that address alone: the provider and frame address are
derived from it, and a link to the post is its only content. A block whose
address is not one we embed loses its data attributes and stays the plain
link it contains.
"""

import html
import re
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.utils.html import format_html, format_html_join, linebreaks

from newsportal.links import as_browsers_read

from .embeds import embed_for

EDITOR_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em",
    "blockquote", "img", "figure", "figcaption",
}  # fmt: skip
IMPORTED_TAGS = {"b", "i", "audio", "video", "source"}
ALLOWED_TAGS = EDITOR_TAGS | IMPORTED_TAGS
EMBED_ATTRIBUTES = {"data-embed-provider", "data-embed-url", "data-embed-frame"}
EDITOR_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "srcset", "alt", "width", "height"},
    "ol": {"start", "type", "data-type"},
    "figure": EMBED_ATTRIBUTES,
}
ALLOWED_ATTRIBUTES = {
    **EDITOR_ATTRIBUTES,
    "audio": {"src", "controls", "preload"},
    "video": {"src", "controls", "preload", "poster", "width", "height"},
    "source": {"src", "type"},
}
ALLOWED_CLASSES = {"figure": {"gallery", "embed", *(f"gallery-columns-{n}" for n in range(1, 10))}}
# Attributes that load something: only from this site.
OWN_ADDRESS_ATTRIBUTES = {("img", "src"), ("audio", "src"), ("video", "src"), ("video", "poster"), ("source", "src")}
PRELOAD_VALUES = {"none", "metadata"}
LIST_TYPES = {"1", "a", "A", "i", "I"}
LIST_STYLE = re.compile(r"^[a-z-]{1,20}$")
MEDIA_TYPE = re.compile(r"^(audio|video)/[\w.+-]{1,40}$")
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# nh3 (html5ever) writes every tag back out in this normalised form, so a
# pattern is enough to find an <img> whose src was refused.
IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
# A player whose addresses were all refused would be an empty box.
PLAYER_WITHOUT_SOURCE = re.compile(r"<(audio|video)(?![^>]*\ssrc=)[^>]*>(?:(?!<source\s[^>]*src=).)*?</\1>", re.DOTALL)
# Again on nh3's normalised output: every attribute is name="escaped value".
FIGURE_TAG = re.compile(r"<figure\b([^>]*)>")
# An embed block as _rebuilt_embed writes it: its content becomes the link to the post.
EMBED_BLOCK = re.compile(
    r'(<figure class="embed" data-embed-provider="[^"]*" data-embed-url="([^"]*)" data-embed-frame="[^"]*">)'
    r".*?</figure>",
    re.DOTALL,
)
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


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
    if attribute in ("width", "height", "start") and not value.isdigit():
        return None
    if tag == "ol" and attribute == "type":
        return value if value in LIST_TYPES else None
    if attribute == "data-type":
        return value if LIST_STYLE.match(value) else None
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
    cleaned = FIGURE_TAG.sub(_rebuilt_embed, PLAYER_WITHOUT_SOURCE.sub("", IMG_WITHOUT_SRC.sub("", cleaned)))
    # Without JavaScript an embed is this link to the post, whatever the block held.
    return EMBED_BLOCK.sub(r'\1<a href="\2" rel="noopener noreferrer">\2</a></figure>', cleaned)


def _rebuilt_embed(match):
    """A figure's opening tag: an embed's rebuilt from its address, any other's without embed attributes."""
    attributes = dict(ATTRIBUTE.findall(match[1]))
    if not EMBED_ATTRIBUTES & attributes.keys():
        return match[0]
    classes = attributes.get("class", "").split()
    embed = embed_for(html.unescape(attributes.get("data-embed-url", ""))) if "embed" in classes else None
    if embed is None:
        kept = {name: value for name, value in attributes.items() if name not in EMBED_ATTRIBUTES}
        # nh3 wrote the values escaped: read back as text, they are escaped again by format_html_join.
        written = format_html_join("", ' {}="{}"', ((name, html.unescape(value)) for name, value in kept.items()))
        return format_html("<figure{}>", written)
    return format_html(
        '<figure class="{}" data-embed-provider="{}" data-embed-url="{}" data-embed-frame="{}">',
        html.unescape(attributes["class"]),
        embed.provider,
        embed.url,
        embed.frame,
    )


# Corrections and updates: a sentence or two, with links and emphasis at most.
NOTE_TAGS = {"p", "br", "a", "strong", "b", "em", "i"}
NOTE_ATTRIBUTES = {"a": {"href", "title"}}


def sanitize_note(text: str) -> str:
    """A correction's text: plain lines become paragraphs; only links and emphasis survive as markup."""
    text = (text or "").strip()
    if "<p" not in text.lower():
        text = linebreaks(text, autoescape=False)
    return nh3.clean(
        text,
        tags=NOTE_TAGS,
        attributes=NOTE_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
