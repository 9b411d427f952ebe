"""Featured images: the resized copies pages show, made once when an image arrives.

A page never resizes anything. When an editor uploads a picture (admin save),
or content arrives by a command (seed, import), `article_make_renditions()`
writes a few narrower copies next to it through the same storage and records
them in `Article.image_renditions`; templates then offer them to the browser
as a `srcset`, with the picture's width and height so the layout does not jump.

Renditions are re-encoded (JPEG, or WebP when the picture has transparency),
which also drops the camera's metadata (EXIF, GPS) from what readers download.

A full disk must never cost a live article its pictures. New files (an
uploaded original, renditions) go under names no live file has; the files
they replace are deleted only once the change has committed; and when
anything fails (a write, the database, the commit), every file the attempt
wrote is deleted again, a truncated one included. A failed write raises
`ImageStorageError`, which the admin shows on the form.
"""

import contextvars
import errno
import io
import logging
import posixpath
import secrets
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

# 160: footer thumbnails (72 px at 2x); 400/800: cards at 1x/2x; 1200/1600: the article page.
RENDITION_WIDTHS = (160, 400, 800, 1200, 1600)
# The width a browser that ignores srcset gets.
FALLBACK_WIDTH = 800
MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000
JPEG_QUALITY = 82


def validate_featured_image(upload):
    """Refuse what would hurt later: huge files, and pictures so large that resizing them would exhaust memory.

    Django's ImageField has already checked that Pillow can read the file.
    """
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The image is %(size)s; the largest allowed is %(limit)s."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
            code="too_large",
        )
    image = getattr(upload, "image", None)
    if image is not None and image.width * image.height > MAX_PIXELS:
        raise ValidationError(
            _("The image is %(width)s × %(height)s pixels; please upload one under 40 megapixels."),
            params={"width": image.width, "height": image.height},
            code="too_many_pixels",
        )


class ImageStorageError(Exception):
    """A picture could not be written to (or read back from) storage; nothing of the attempt is left there."""

    def __init__(self, error):
        super().__init__(str(error))
        self.error = error

    @property
    def message(self):
        """What an editor is told: what happened and what to do, nothing technical."""
        if getattr(self.error, "errno", None) in (errno.ENOSPC, errno.EDQUOT):
            reason = _("The image could not be stored: the server's disk is full.")
        else:
            reason = _("The image could not be stored: the server could not write it.")
        advice = _(
            "Nothing has been saved; your other changes are still in this form. "
            "Choose the image again and save in a little while, or save without it."
        )
        return f"{reason} {advice}"


class _Writes(list):
    """The (storage, name) of every file written inside one `image_writes()` block."""

    def discard(self):
        for storage, name in reversed(self):
            _delete(storage, name)
        self.clear()


_writes = contextvars.ContextVar("articles_image_writes", default=None)


@contextmanager
def image_writes():
    """Files stored inside the block are deleted again if the block ends with an exception.

    Put it around the transaction (outside `transaction.atomic()`), so that
    whatever rolls the transaction back, a failed commit included, takes the
    attempt's new files with it. Nested, a block that fails deletes its own
    files at once (its savepoint was rolled back); one that succeeds leaves
    them to the enclosing block to keep or delete.
    """
    parent = _writes.get()
    writes = _Writes()
    token = _writes.set(writes)
    try:
        yield
    except BaseException:
        writes.discard()
        raise
    finally:
        _writes.reset(token)
    if parent is not None:
        parent.extend(writes)


def _delete(storage, name):
    try:
        storage.delete(name)
    except OSError:
        logger.exception("Could not delete %s from storage", name)


def _store(storage, name, content, *, max_length=None):
    """Save `content` under a free name close to `name`; if that fails, nothing of it stays behind."""
    name = storage.get_available_name(name, max_length=max_length)
    try:
        name = storage.save(name, content, max_length=max_length)
    except BaseException as error:
        # A disk that fills up mid-write leaves the truncated file under the name being saved.
        _delete(storage, name)
        if isinstance(error, OSError):
            # The editor is told on the form; whoever runs the site needs to hear of it too.
            logger.error("Could not store the image %s: %s", name, error)
            raise ImageStorageError(error) from error
        raise
    writes = _writes.get()
    if writes is not None:
        writes.append((storage, name))
    return name


def _delete_on_commit(storage, names):
    """Delete files the article no longer uses, once the change that replaced them is committed."""

    def delete():
        for name in names:
            _delete(storage, name)

    if names:
        transaction.on_commit(delete, robust=True)


def article_store_image(article):
    """Write a newly uploaded featured image to storage; delete the one it replaces once the change commits.

    Saving the article would write it too, but under a name this module
    never learns if the write fails half-way; stored here, a failure leaves
    nothing and raises ImageStorageError. A cleared image is deleted too.
    """
    field = article.featured_image
    uploading = bool(field) and not field._committed
    previous = None
    if article.pk and (uploading or not field):
        previous = type(article)._default_manager.filter(pk=article.pk).values_list("featured_image", flat=True)
        previous = previous.first()
    if uploading:
        name = field.field.generate_filename(article, field.name)
        article.featured_image = _store(field.storage, name, field.file, max_length=field.field.max_length)
    if previous and previous != article.featured_image.name:
        _delete_on_commit(field.storage, [previous])


def _rendition_name(source_name, token, width, extension):
    folder, filename = posixpath.split(source_name)
    stem = posixpath.splitext(filename)[0]
    return posixpath.join(folder, "renditions", f"{stem}-{token}-{width}w.{extension}")


def _encode(image, width):
    height = max(1, round(image.height * width / image.width))
    resized = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
    output = io.BytesIO()
    if resized.mode == "RGBA":
        resized.save(output, "WEBP", quality=JPEG_QUALITY, method=4)
        return output.getvalue(), height, "webp"
    resized.convert("RGB").save(output, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return output.getvalue(), height, "jpg"


def _renditions_are_current(article):
    info = article.image_renditions or {}
    if not article.featured_image:
        return not info
    if info.get("source") != article.featured_image.name or not info.get("renditions"):
        return False
    storage = article.featured_image.storage
    return all(storage.exists(item["name"]) for item in info["renditions"])


def _make_renditions(field):
    try:
        with field.open("rb") as source:
            original = source.read()
    except OSError as error:
        logger.error("Could not read the image %s back from storage: %s", field.name, error)
        raise ImageStorageError(error) from error
    image = Image.open(io.BytesIO(original))
    image.load()
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
    widths = sorted({width for width in RENDITION_WIDTHS if width < image.width} | {min(image.width, 1600)})
    # New names every time, so that a live rendition is never overwritten, not even by a remake of itself.
    token = secrets.token_hex(4)
    renditions = []
    for width in widths:
        data, height, extension = _encode(image, width)
        name = _store(field.storage, _rendition_name(field.name, token, width, extension), ContentFile(data))
        renditions.append({"name": name, "width": width, "height": height})
    return {"source": field.name, "width": image.width, "height": image.height, "renditions": renditions}


def article_make_renditions(article, *, force=False):
    """Make (or remake) the resized copies of `article`'s featured image; True if anything changed.

    Idempotent: when the recorded renditions belong to the current image and
    are all in storage, it does nothing, so commands may call it on every
    article each time they run. The copies they replace (of a replaced
    image, or lost in part) are deleted once the change commits; if making
    them fails, the old ones stay recorded and in storage, the new ones are
    gone, and ImageStorageError says why when it was the storage.
    """
    if not force and _renditions_are_current(article):
        return False
    field = article.featured_image
    previous = article.image_renditions or {}
    try:
        with image_writes():
            info = _make_renditions(field) if field else {}
            article.image_renditions = info
            article.save(update_fields=["image_renditions"])
    except BaseException:
        article.image_renditions = previous
        raise
    kept = {item["name"] for item in info.get("renditions", [])}
    replaced = [item["name"] for item in previous.get("renditions", []) if item["name"] not in kept]
    _delete_on_commit(field.storage, replaced)
    return True


@dataclass(frozen=True)
class ArticleImage:
    """What an <img> of a featured image needs: src, srcset, intrinsic size, alt."""

    src: str
    srcset: str
    width: int | None
    height: int | None
    alt: str

    @classmethod
    def for_article(cls, article):
        field = article.featured_image
        if not field:
            return None
        info = article.image_renditions or {}
        if info.get("source") != field.name or not info.get("renditions"):
            # Not made yet (an upload that bypassed the admin): the original, unsized.
            return cls(src=field.url, srcset="", width=None, height=None, alt=article.image_alt)
        storage = field.storage
        renditions = info["renditions"]
        urls = {item["width"]: storage.url(item["name"]) for item in renditions}
        fallback = max((width for width in urls if width <= FALLBACK_WIDTH), default=min(urls))
        return cls(
            src=urls[fallback],
            srcset=", ".join(f"{url} {width}w" for width, url in urls.items()),
            width=info["width"],
            height=info["height"],
            alt=article.image_alt,
        )
