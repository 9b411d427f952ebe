"""WordPress attachments → media_library.MediaFile, and the old upload addresses in bodies.

With `--uploads DIR` (a copy of the old site's wp-content/uploads), each
attachment's file is copied into storage as a MediaFile with its title, alt
text (`_wp_attachment_image_alt`) and caption (the attachment's excerpt);
pictures get their renditions. The attachments are read in a first pass
over the export, so every post, wherever it stands in the file, finds the
pictures it names. Without `--uploads`, nothing is copied and the report
lists every attachment and every picture in a body with the reason it did
not come.

A body names a picture by its old address, in any of its forms: the file
(`…/wp-content/uploads/2013/03/photo.jpg`), a size WordPress made of it
(`photo-300x200.jpg`), or through a CDN (`https://i0.wp.com/<host>/2013/03/photo.jpg`).
All are found by the path under the uploads folder.
"""

import posixpath
import re
from collections import defaultdict
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.utils.html import escape

from articles.sanitize import is_own_image_address
from media_library.models import MediaFile
from media_library.services import MediaRefused, kind_of, media_file_create, media_file_update

from .models import WordPressAttachment
from .text import clip, is_number, plain_text

SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.\w+$)")
TAG = re.compile(r"<(img|a|audio|video|source)\b([^>]*)>", re.IGNORECASE)
TAG_ATTRIBUTE = re.compile(r"""([\w-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
ADDRESS_ATTRIBUTES = {
    "img": ("src",),
    "a": ("href",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "source": ("src",),
}
NO_UPLOADS = "no --uploads folder was given: its file stays on the old site"
NOT_AN_ATTACHMENT = "it is not an attachment of this export"
FOREIGN_PICTURE = "; pictures from other sites are not shown"


def relative_path(post):
    """Where an attachment's file is under the uploads folder ("2013/03/photo.jpg")."""
    attached = (post.meta.get("_wp_attached_file") or "").strip().lstrip("/")
    if attached:
        return attached
    path = unquote(urlsplit(post.attachment_url or post.guid).path)
    if "/uploads/" in path:
        return path.split("/uploads/", 1)[1]
    return path.lstrip("/")


def path_candidates(url):
    """The paths under an uploads folder this address may name, longest first."""
    path = unquote(urlsplit(unescape(url.strip())).path)
    seen = []
    for variant in (path, SIZE_SUFFIX.sub("", path)):
        parts = [part for part in variant.split("/") if part]
        for start in range(len(parts)):
            candidate = "/".join(parts[start:])
            if candidate not in seen:
                seen.append(candidate)
        stem, extension = posixpath.splitext(variant)
        scaled = f"{stem}-scaled{extension}".lstrip("/")  # WordPress 5.3+ keeps big originals as …-scaled
        for start in range(len(scaled.split("/"))):
            candidate = "/".join(scaled.split("/")[start:])
            if candidate not in seen:
                seen.append(candidate)
    return seen


class MediaIndex:
    def __init__(self, importer, uploads=None):
        self.importer = importer
        self.report = importer.report
        self.uploads = Path(uploads).resolve() if uploads else None
        self.media = {}  # WordPress id → MediaFile
        self.reasons = {}  # WordPress id → why its file did not come
        self.ids_by_path = {}  # path under uploads → WordPress id
        self.children = defaultdict(list)  # parent post → [(menu order, attachment id, kind)]
        self.seen = set()
        self.first_pass_done = False

    # --- reading the attachments -------------------------------------------------------------

    def add(self, post):
        if post.wp_id in self.seen:
            return
        self.seen.add(post.wp_id)
        path = relative_path(post)
        title = clip(plain_text(post.title).strip(), 250) or posixpath.basename(path) or f"attachment {post.wp_id}"
        self.ids_by_path.setdefault(path, post.wp_id)
        kind = kind_of(path)
        if post.parent:
            self.children[post.parent].append((post.menu_order, post.wp_id, kind))
        what = f"attachment {post.wp_id} “{clip(title, 60)}” ({path})"
        if self.uploads is None:
            self.reasons[post.wp_id] = NO_UPLOADS
            self.report.skip(what, NO_UPLOADS)
            return
        words = {
            "title": title,
            "alt_text": clip(plain_text(post.meta.get("_wp_attachment_image_alt", "")).strip(), 250),
            "caption": plain_text(post.excerpt).strip(),
        }
        link = WordPressAttachment.objects.filter(site=self.importer.site, wp_id=post.wp_id).select_related("media")
        link = link.first()
        if link is not None:
            changed = media_file_update(media=link.media, **words)
            self.report.media.updated += changed
            self.report.media.unchanged += not changed
            self.media[post.wp_id] = link.media
            return
        source = (self.uploads / path).resolve()
        if not source.is_relative_to(self.uploads):
            reason = "its path leads out of the uploads folder"
        elif not source.is_file():
            reason = f"{path} is not in the uploads folder"
        else:
            try:
                with source.open("rb") as file:
                    media = media_file_create(source=file, name=source.name, **words)
            except MediaRefused as refused:
                reason = f"its file was refused: {refused}"
            else:
                WordPressAttachment.objects.create(site=self.importer.site, wp_id=post.wp_id, media=media)
                self.media[post.wp_id] = media
                self.report.media.created += 1
                return
        self.reasons[post.wp_id] = reason
        self.report.skip(what, reason)

    # --- finding what a body names -------------------------------------------------------------

    def find(self, url):
        """(MediaFile, None) for an old address of an imported file, else (None, why not)."""
        for path in path_candidates(url):
            wp_id = self.ids_by_path.get(path)
            if wp_id is not None:
                return self.by_id(wp_id)
        return None, NOT_AN_ATTACHMENT

    def by_id(self, wp_id):
        media = self.media.get(wp_id)
        if media is not None:
            return media, None
        return None, self.reasons.get(wp_id, NOT_AN_ATTACHMENT)

    def picture(self, wp_id):
        media, reason = self.by_id(wp_id)
        if media is not None and media.kind != MediaFile.Kind.IMAGE:
            return None, "it is not a picture"
        return media, reason

    def file_at(self, url, kind):
        media, reason = self.find(url)
        if media is not None and media.kind != kind:
            return None, f"it is not a {kind} file"
        return media, reason

    def attached_to(self, post_id, kind=MediaFile.Kind.IMAGE):
        return [wp_id for _order, wp_id, each in sorted(self.children.get(post_id, ())) if each == kind]

    def first_attached(self, post_id, kind):
        for wp_id in self.attached_to(post_id, kind):
            media, _reason = self.by_id(wp_id)
            if media is not None:
                return media, None
        return None, f"the post has no {kind} file attached"

    # --- rewriting a body ---------------------------------------------------------------------

    def rewrite(self, html, post):
        """Old upload addresses in `html` → the imported files; a picture that did not come is reported."""

        def replace(match):
            tag, attributes = match[1].lower(), parse_tag_attributes(match[2])
            changed = False
            for name in ADDRESS_ATTRIBUTES[tag]:
                url = attributes.get(name)
                if not url or url.startswith(("#", "mailto:")):
                    continue
                media, reason = self.find(url)
                if media is None:
                    if tag == "img" and not is_own_image_address(url):
                        foreign = FOREIGN_PICTURE if reason == NOT_AN_ATTACHMENT else ""
                        self.report.not_brought(f"picture {url} in post {post.wp_id}", reason + foreign)
                    continue
                changed = True
                if tag == "img" and media.kind == MediaFile.Kind.IMAGE:
                    image = media.image_attributes()
                    attributes.update(src=image["src"], srcset=image["srcset"])
                    if image["width"] and not is_number(attributes.get("width")):
                        attributes.pop("height", None)
                        attributes["width"] = str(image["width"])
                        attributes["height"] = str(image["height"])
                    elif image["width"] and not is_number(attributes.get("height")):
                        attributes["height"] = str(round(int(attributes["width"]) * image["height"] / image["width"]))
                    if not attributes.get("alt") and media.alt_text:
                        attributes["alt"] = media.alt_text
                else:
                    attributes[name] = media.url
            if not changed:
                return match[0]
            rendered = "".join(
                f' {name}="{escape(value)}"' if value is not None else f" {name}" for name, value in attributes.items()
            )
            return f"<{match[1]}{rendered}>"

        return TAG.sub(replace, html)


def parse_tag_attributes(text):
    attributes = {}
    for match in TAG_ATTRIBUTE.finditer(text.rstrip("/")):
        name = match[1].lower()
        value = next((group for group in match.groups()[1:] if group is not None), None)
        attributes.setdefault(name, unescape(value) if value is not None else None)
    return attributes
