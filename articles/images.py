"""Featured images: the resized copies pages show, made once when an image arrives.

A page never resizes anything. When an editor uploads a picture (admin save),
or content arrives by a command (seed, import), `article_make_renditions()`
writes a few narrower copies next to it through the same storage and records
them in `Article.image_renditions`; templates then offer them to the browser
as a `srcset`, with the picture's width and height so the layout does not jump.

Only JPEG, PNG, WebP and AVIF are accepted, told by their content (never by
their name), and only Pillow's readers for those four ever open an upload:
no other format's parser (EPS would run Ghostscript on the author's
PostScript) sees a byte of it. `ImageUploadField` refuses anything else, a
damaged file or a decompression bomb on the form.

Nothing readers can download tells where or with what a photo was taken:
every file stored through `PublicImageField` (the original upload, an
author's avatar) is rewritten without its metadata (EXIF, GPS, XMP,
comments), keeping only its ICC colour profile and its Orientation tag, so
it shows the right way up in the right colours. Renditions are re-encoded
(JPEG, or WebP when the picture has transparency) the right way up, with the
colour profile and no other metadata.

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
import struct
from contextlib import contextmanager
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models.fields.files import ImageFieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, ImageOps

logger = logging.getLogger(__name__)

# 160: footer thumbnails (72 px at 2x); 400/800: cards at 1x/2x; 1200/1600: the article page.
RENDITION_WIDTHS = (160, 400, 800, 1200, 1600)
# The width a browser that ignores srcset gets.
FALLBACK_WIDTH = 800
MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000
JPEG_QUALITY = 82


# The formats accepted, as Pillow names them, and the extension each is stored under.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "AVIF": "avif"}
# What Pillow raises for a file it cannot decode or encode (a damaged or truncated file, a bomb, a codec's failure).
PILLOW_ERRORS = (OSError, ValueError, SyntaxError, EOFError, struct.error, MemoryError, Image.DecompressionBombError)
# Renditions live in this folder beside their original. Each is written once under a name
# no file ever had (a new random token every time they are made) and never changed, so
# caches may keep it for good. Other uploads keep the name they were uploaded with, which
# a later upload may take again once the first is deleted: those are kept for an hour.
RENDITIONS_FOLDER = "renditions"
RENDITION_CACHE_CONTROL = "public, max-age=31536000, immutable"
UPLOAD_CACHE_CONTROL = "public, max-age=3600"


def media_cache_control(name):
    """The Cache-Control of the uploaded file `name` (docs/nginx.conf's /media/ location says the same)."""
    return RENDITION_CACHE_CONTROL if RENDITIONS_FOLDER in name.split("/")[:-1] else UPLOAD_CACHE_CONTROL


class ImageRefused(Exception):
    """An upload that is not a picture we accept: not one of ACCEPTED_FORMATS, damaged, or far too large."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code


def open_image(source):
    """Open `source` (a path or a binary file) with the readers of the accepted formats only, fully decoded.

    Raises ImageRefused, with a reason an editor understands, for anything
    else; the pixel count is checked before a single pixel is decoded.
    """
    try:
        image = Image.open(source, formats=list(ACCEPTED_FORMATS))
    except Image.DecompressionBombError:
        raise _too_many_pixels() from None
    except PILLOW_ERRORS:
        raise ImageRefused(
            _("Upload a JPEG, PNG, WebP or AVIF picture: this file is none of them, whatever its name says."),
            code="invalid_image",
        ) from None
    if image.width * image.height > MAX_PIXELS:
        image.close()
        raise _too_many_pixels(image.width, image.height)
    try:
        image.load()
    except PILLOW_ERRORS:
        image.close()
        raise ImageRefused(
            _("This picture is damaged or incomplete and cannot be read to its end. Export it again and upload that."),
            code="damaged_image",
        ) from None
    return image


def _too_many_pixels(width=None, height=None):
    if width is None:
        return ImageRefused(_("The image is far too large; please upload one under 40 megapixels."), "too_many_pixels")
    return ImageRefused(
        _("The image is %(width)s × %(height)s pixels; please upload one under 40 megapixels.")
        % {"width": width, "height": height},
        code="too_many_pixels",
    )


def publishable_image(name, content):
    """`content` rewritten without its metadata, and `name` with the extension of its real format.

    Keeps the pixels (a JPEG keeps its quantisation tables), the ICC colour
    profile and the Orientation tag; drops EXIF (GPS, camera, dates), XMP,
    IPTC and comments, and any frame but the first. Raises ImageRefused.
    """
    content.seek(0)
    with open_image(content) as image:
        options = {"icc_profile": image.info.get("icc_profile") or None}
        orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
        if orientation != 1:
            exif = Image.Exif()
            exif[ExifTags.Base.Orientation] = orientation
            options["exif"] = exif.tobytes()
        image_format = image.format
        if image_format == "JPEG":
            options.update(quality="keep", comment=b"", progressive=bool(image.info.get("progressive")))
        elif image_format in ("WEBP", "AVIF"):
            options.update(quality=90)
        output = io.BytesIO()
        image.save(output, image_format, **options)
    stem = posixpath.splitext(name)[0]
    return f"{stem}.{ACCEPTED_FORMATS[image_format]}", ContentFile(output.getvalue())


class ImageUploadField(forms.FileField):
    """A form's picture upload: a JPEG, PNG, WebP or AVIF by its content, complete, within the limits.

    Replaces Django's forms.ImageField, which lets Pillow open an upload
    with any reader it has (EPS, PSD, …) and never decodes it to the end.
    """

    default_error_messages = {"invalid_image": _("Upload a JPEG, PNG, WebP or AVIF picture.")}

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/avif"})
        )
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The image is %(size)s; the largest allowed is %(limit)s."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
                code="too_large",
            )
        source = upload.temporary_file_path() if hasattr(upload, "temporary_file_path") else io.BytesIO(upload.read())
        try:
            with open_image(source) as image:
                upload.image = image
                upload.content_type = Image.MIME[image.format]
        except ImageRefused as refused:
            raise ValidationError(refused.message, code=refused.code) from None
        if hasattr(upload, "seek") and callable(upload.seek):
            upload.seek(0)
        return upload


class PublicImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        # Whatever stores a picture through the field (a form, a command) stores it without its metadata.
        name, content = publishable_image(name, content)
        super().save(name, content, save)


class PublicImageField(models.ImageField):
    """An ImageField for pictures the public downloads: accepted formats only, stored without metadata."""

    attr_class = PublicImageFieldFile

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})


class ImageError(Exception):
    """A picture could not be saved; nothing of the attempt is left in storage. `message` is for the editor."""

    def __init__(self, error):
        super().__init__(str(error))
        self.error = error

    advice = _(
        "Nothing has been saved; your other changes are still in this form. "
        "Choose the image again and save in a little while, or save without it."
    )


class ImageUnreadableError(ImageError):
    """A picture that passed the upload's checks could still not be read or resized."""

    advice = _("Nothing has been saved; your other changes are still in this form. Choose another image.")

    @property
    def message(self):
        if isinstance(self.error, ImageRefused):
            reason = self.error.message
        else:
            reason = _("The image could not be resized for the site: the file may be damaged.")
        return f"{reason} {self.advice}"


class ImageStorageError(ImageError):
    """A picture could not be written to (or read back from) storage."""

    @property
    def message(self):
        """What an editor is told: what happened and what to do, nothing technical."""
        if getattr(self.error, "errno", None) in (errno.ENOSPC, errno.EDQUOT):
            reason = _("The image could not be stored: the server's disk is full.")
        else:
            reason = _("The image could not be stored: the server could not write it.")
        return f"{reason} {self.advice}"


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
        try:
            name, content = publishable_image(field.name, field.file)
        except ImageRefused as refused:
            raise ImageUnreadableError(refused) from refused
        name = field.field.generate_filename(article, name)
        article.featured_image = _store(field.storage, name, content, max_length=field.field.max_length)
    if previous and previous != article.featured_image.name:
        _delete_on_commit(field.storage, [previous])


def _rendition_name(source_name, token, width, extension):
    folder, filename = posixpath.split(source_name)
    stem = posixpath.splitext(filename)[0]
    return posixpath.join(folder, RENDITIONS_FOLDER, f"{stem}-{token}-{width}w.{extension}")


def _encode(image, width, icc_profile):
    height = max(1, round(image.height * width / image.width))
    resized = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
    output = io.BytesIO()
    if resized.mode == "RGBA":
        resized.save(output, "WEBP", quality=JPEG_QUALITY, method=4, icc_profile=icc_profile)
        return output.getvalue(), height, "webp"
    resized.convert("RGB").save(
        output, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, icc_profile=icc_profile
    )
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
    try:
        image = open_image(io.BytesIO(original))
        # A profile describes the colours of the mode it came with; converted, the colours are sRGB's.
        icc_profile = image.info.get("icc_profile") if image.mode in ("RGB", "RGBA") else None
        image = ImageOps.exif_transpose(image)
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
    except ImageRefused as refused:
        raise ImageUnreadableError(refused) from refused
    except PILLOW_ERRORS as error:
        logger.warning("Could not read the image %s: %r", field.name, error)
        raise ImageUnreadableError(error) from error
    widths = sorted({width for width in RENDITION_WIDTHS if width < image.width} | {min(image.width, 1600)})
    # New names every time, so that a live rendition is never overwritten, not even by a remake of itself.
    token = secrets.token_hex(4)
    renditions = []
    for width in widths:
        try:
            data, height, extension = _encode(image, width, icc_profile)
        except PILLOW_ERRORS as error:
            logger.warning("Could not resize the image %s to %s pixels: %r", field.name, width, error)
            raise ImageUnreadableError(error) from error
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


# Link previews (Open Graph, X) and search engines want a picture at least 1200 pixels wide.
SHARE_WIDTH = 1200


@dataclass(frozen=True)
class ArticleImage:
    """What an <img> of a featured image needs (src, srcset, intrinsic size, alt), and the copy shared in previews."""

    src: str
    srcset: str
    width: int | None
    height: int | None
    alt: str
    share_url: str
    share_width: int | None = None
    share_height: int | None = None

    @classmethod
    def for_article(cls, article):
        field = article.featured_image
        if not field:
            return None
        info = article.image_renditions or {}
        if info.get("source") != field.name or not info.get("renditions"):
            # Not made yet (an upload that bypassed the admin): the original, unsized (stored without metadata too).
            return cls(src=field.url, srcset="", width=None, height=None, alt=article.image_alt, share_url=field.url)
        storage = field.storage
        renditions = info["renditions"]
        urls = {item["width"]: storage.url(item["name"]) for item in renditions}
        fallback = max((width for width in urls if width <= FALLBACK_WIDTH), default=min(urls))
        # The 1200-pixel copy, or the largest there is of a smaller picture.
        share = min(renditions, key=lambda item: (item["width"] < SHARE_WIDTH, abs(item["width"] - SHARE_WIDTH)))
        return cls(
            src=urls[fallback],
            srcset=", ".join(f"{url} {width}w" for width, url in urls.items()),
            width=info["width"],
            height=info["height"],
            alt=article.image_alt,
            share_url=urls[share["width"]],
            share_width=share["width"],
            share_height=share["height"],
        )


def delete_images_on_commit(images):
    """Delete these stored pictures (field files) once the change that dropped them commits."""
    for image in images:
        if image:
            _delete_on_commit(image.storage, [image.name])
