"""What the body editor can show, and the checks a body passes in the newsroom's forms.

The editor (articles/widgets.py, static/js/body-editor.js) knows exactly
the sanitiser's EDITOR_TAGS: a body with anything else (a WordPress
gallery, a player, a picture outside a figure, an old link block) would lose
it on the first save in the editor, so such a body is edited as HTML.
"""

from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .embeds import embed_for, provider_names
from .sanitize import EDITOR_TAGS

# Read by the editor as strong and em.
EDITOR_READS_AS = {"b", "i"}
VOID_TAGS = {"img", "br"}


class _BodyReader(HTMLParser):
    """Walks a body once: whether the editor can show it, its embeds, its pictures."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # [tag, attributes, {"images": n, "caption": text}]
        self.editable = True
        self.embed_urls = []
        self.figures = []  # (src, alt, caption) of each picture in a figure
        self.loose_images = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        parent = self.stack[-1] if self.stack else None
        classes = (attributes.get("class") or "").split()
        if tag not in EDITOR_TAGS | EDITOR_READS_AS:
            self.editable = False
        if tag == "figure":
            if "embed" in classes:
                if "data-embed-url" in attributes:
                    self.embed_urls.append(attributes["data-embed-url"] or "")
                else:
                    self.editable = False
            elif classes:
                self.editable = False
        if tag == "img":
            if parent and parent[0] == "figure" and not parent[1].get("class"):
                parent[2]["images"] += 1
                parent[2]["image"] = (attributes.get("src") or "", (attributes.get("alt") or "").strip())
            else:
                self.editable = False
                self.loose_images.append(attributes.get("src") or "")
        if tag == "figcaption" and not (parent and parent[0] == "figure"):
            self.editable = False
        if tag not in VOID_TAGS:
            self.stack.append([tag, attributes, {"images": 0, "text": ""}])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in VOID_TAGS or not any(entry[0] == tag for entry in self.stack):
            return
        while self.stack:
            entry = self.stack.pop()
            if entry[0] == tag:
                break
        name, attributes, state = entry
        if name == "figcaption" and self.stack and self.stack[-1][0] == "figure":
            self.stack[-1][2]["caption"] = state["text"].strip()
        if name == "figure" and not attributes.get("class"):
            if state["images"] != 1:
                self.editable = False
            if state["images"]:
                src, alt = state["image"]
                self.figures.append((src, alt, state.get("caption", "")))

    def handle_data(self, data):
        for entry in self.stack:
            entry[2]["text"] += data


def read_body(html):
    reader = _BodyReader()
    reader.feed(html or "")
    reader.close()
    return reader


def editor_can_show(html):
    return read_body(html).editable


def check_body(html, previous=""):
    """Refuse, in words an editor understands, embeds of other sites and new pictures without alt text or caption.

    Pictures already in the previous version are left as they were: an old
    imported article can still be corrected without first describing every
    picture it has.
    """
    body = read_body(html)
    known = {src for src, _alt, _caption in read_body(previous).figures} if previous else set()
    errors = []
    for url in body.embed_urls:
        if embed_for(url) is None:
            errors.append(
                ValidationError(
                    _("“%(url)s” cannot be embedded: only posts from %(providers)s can. Link to it instead."),
                    code="embed_not_allowed",
                    params={"url": url, "providers": provider_names()},
                )
            )
    for src, alt, caption in body.figures:
        if src in known:
            continue
        if not alt:
            errors.append(
                ValidationError(
                    _("The picture %(src)s needs alt text: say what it shows for readers who cannot see it."),
                    code="picture_without_alt",
                    params={"src": src},
                )
            )
        if not caption:
            errors.append(
                ValidationError(
                    _("The picture %(src)s needs a caption."), code="picture_without_caption", params={"src": src}
                )
            )
    if errors:
        raise ValidationError(errors)
