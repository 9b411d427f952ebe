"""WordPress shortcodes in post bodies, made into HTML the sanitiser keeps.

- `[caption]<img …> text[/caption]` → a <figure> with its <figcaption>;
- `[gallery ids="1,2" columns="2"]` (without ids: the post's own attached
  pictures, in their menu order) → a figure of figures, one per picture,
  each with its caption;
- `[audio mp3="…"]`, `[video mp4="…"]` → <audio> / <video> playing the
  imported file (without one: a plain link, and the report says why);
- `[embed]https://…[/embed]` → for a post of a site we embed (YouTube,
  Vimeo, X, Instagram, Bluesky, Mastodon: articles/embeds.py) the body's
  click-to-load embed block, for any other address a link block: either way
  nothing is loaded from the other site until the reader asks;
- any other shortcode is left as the text it is and listed in the report;
  `[[gallery]]` is WordPress's way to write the text "[gallery]".

Everything produced here still goes through articles/sanitize.py.
"""

import re
from urllib.parse import urlsplit

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from articles.embeds import embed_for

from .text import is_number

SHORTCODE = re.compile(
    r"\[(?P<open>\[?)(?P<name>[A-Za-z][\w-]*)(?P<attrs>(?:\s[^\[\]]*?)?)\s*(?P<selfclose>/)?\]"
    r"(?:(?P<inner>.*?)\[/(?P=name)\])?(?P<close>\]?)",
    re.DOTALL,
)
ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)|"([^"]*)"|'([^']*)'|(\S+)"""
)
CAPTION_PARTS = re.compile(r"^\s*((?:<a [^>]*>)?<img [^>]*>(?:</a>)?)\s*(.*?)\s*$", re.IGNORECASE | re.DOTALL)
AUDIO_SOURCES = ("src", "mp3", "m4a", "ogg", "wav", "flac")
VIDEO_SOURCES = ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv")
DEFAULT_COLUMNS = 3


def parse_attributes(text):
    """Shortcode attributes as WordPress's shortcode_parse_atts() reads them; names lower-cased."""
    attributes = {}
    for match in ATTRIBUTE.finditer(text or ""):
        for name, value in ((match[1], match[2]), (match[3], match[4]), (match[5], match[6])):
            if name:
                attributes[name.lower()] = value
                break
    return attributes


def caption_figure(inner):
    """`<img …> caption` (the image maybe in a link) → <figure>…<figcaption>caption</figcaption></figure>."""
    parts = CAPTION_PARTS.match(inner)
    if not parts:
        return inner
    image, caption = parts.groups()
    return f"<figure>{image}<figcaption>{caption}</figcaption></figure>" if caption else f"<figure>{image}</figure>"


def captions_only(text, set_apart):
    """The shortcodes every body has expanded without knowing its site: captions."""

    def replace(match):
        if match["name"].lower() not in ("caption", "wp_caption") or match["inner"] is None or match["open"]:
            return match[0]
        return set_apart(caption_figure(match["inner"]))

    return SHORTCODE.sub(replace, text)


class Shortcodes:
    """Expands one post's shortcodes with the export's media (importers/wordpress_media.py)."""

    def __init__(self, media, report):
        self.media = media
        self.report = report

    def expand(self, text, post, set_apart):
        def replace(match):
            name = match["name"].lower()
            if match["open"] and match["close"]:
                return match[0][1:-1]  # [[gallery]]: the text "[gallery]"
            handler = getattr(self, f"do_{name}", None)
            if handler is None:
                self.report.unknown_shortcodes.setdefault(name, []).append(post.wp_id)
                if match["inner"] is not None:
                    inner = SHORTCODE.sub(replace, match["inner"])
                    return f"{match[0][: match.start('inner') - match.start()]}{inner}[/{match['name']}]"
                return match[0]
            html = handler(parse_attributes(match["attrs"]), match["inner"] or "", post)
            return set_apart(html) if html else ""

        return SHORTCODE.sub(replace, text)

    def do_caption(self, attributes, inner, post):
        return caption_figure(inner)

    do_wp_caption = do_caption

    def do_gallery(self, attributes, inner, post):
        ids = attributes.get("ids") or attributes.get("include") or ""
        wanted = [int(n) for n in re.findall(r"[0-9]{1,18}", ids)] if ids else self.media.attached_to(post.wp_id)
        figures = []
        for wp_id in wanted:
            media, reason = self.media.picture(wp_id)
            if media is None:
                self.report.not_brought(f"picture {wp_id} of a gallery in post {post.wp_id}", reason)
                continue
            image = media.image_attributes()
            caption = format_html("<figcaption>{}</figcaption>", media.caption) if media.caption else ""
            figures.append(
                format_html(
                    '<figure><img src="{}" srcset="{}" width="{}" height="{}" alt="{}">{}</figure>',
                    image["src"],
                    image["srcset"],
                    image["width"] or "",
                    image["height"] or "",
                    media.alt_text,
                    caption,
                )
            )
        if not figures:
            return ""
        columns = attributes.get("columns", "")
        columns = int(columns) if is_number(columns) and 1 <= int(columns) <= 9 else DEFAULT_COLUMNS
        return format_html(
            '<figure class="gallery gallery-columns-{}">{}</figure>',
            columns,
            format_html_join("", "{}", [(f,) for f in figures]),
        )

    def _player(self, tag, attributes, post, sources, kind):
        url = next((attributes[name] for name in sources if attributes.get(name)), "")
        media, reason = self.media.file_at(url, kind) if url else self.media.first_attached(post.wp_id, kind)
        if media is None:
            what = f"{kind} {url} in post {post.wp_id}" if url else f"{kind} of post {post.wp_id}"
            self.report.not_brought(what, reason)
            return self.link_block(url) if url else ""
        size = ""
        if tag == "video" and is_number(attributes.get("width")) and is_number(attributes.get("height")):
            size = format_html(' width="{}" height="{}"', attributes["width"], attributes["height"])
        poster = ""
        if tag == "video" and attributes.get("poster"):
            picture, _reason = self.media.file_at(attributes["poster"], "image")
            poster = format_html(' poster="{}"', picture.url) if picture else ""
        return format_html(
            '<{} controls preload="metadata" src="{}"{}{}><a href="{}">{}</a></{}>',
            tag,
            media.url,
            size,
            poster,
            media.url,
            media.title,
            tag,
        )

    def do_audio(self, attributes, inner, post):
        return self._player("audio", attributes, post, AUDIO_SOURCES, "audio")

    def do_video(self, attributes, inner, post):
        return self._player("video", attributes, post, VIDEO_SOURCES, "video")

    def do_embed(self, attributes, inner, post):
        url = (inner or attributes.get("url") or attributes.get("src") or "").strip()
        return self.embed_block(url) or self.link_block(url)

    @staticmethod
    def embed_block(url):
        """A post of a site we embed (articles/embeds.py): the body's click-to-load block."""
        embed = embed_for(url)
        if embed is None:
            return ""
        return format_html(
            '<figure class="embed" data-embed-url="{}"><a href="{}">{}</a></figure>', embed.url, embed.url, embed.url
        )

    @staticmethod
    def link_block(url):
        """A link to what lives on another site: nothing of it loads until the reader follows it."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return ""
        host = parts.netloc.removeprefix("www.")
        return format_html(
            '<figure class="embed"><a href="{}" title="{}">{}</a></figure>',
            url,
            url,
            _("Open on %(site)s") % {"site": host},
        )
