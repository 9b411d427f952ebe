"""Featured images: the resized copies pages show, made once when an image arrives.

A page never resizes anything. When an editor uploads a picture (admin save),
or content arrives by a command (seed, import), `article_make_renditions()`
writes a few narrower copies next to it through the same storage and records
them in `Article.image_renditions`; templates then offer them to the browser
as a `srcset`, with the picture's width and height so the layout does not jump.

Renditions are re-encoded (JPEG, or WebP when the picture has transparency),
which also drops the camera's metadata (EXIF, GPS) from what readers download.
"""

import io
import posixpath
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

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


def _rendition_name(source_name, width, extension):
    folder, filename = posixpath.split(source_name)
    stem = posixpath.splitext(filename)[0]
    return posixpath.join(folder, "renditions", f"{stem}-{width}w.{extension}")


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


def _delete_renditions(storage, info):
    for item in (info or {}).get("renditions", []):
        storage.delete(item["name"])


def article_make_renditions(article, *, force=False):
    """Make (or remake) the resized copies of `article`'s featured image; True if anything changed.

    Idempotent: when the recorded renditions belong to the current image and
    are all in storage, it does nothing, so commands may call it on every
    article each time they run. Copies of a replaced image are deleted.
    """
    if not force and _renditions_are_current(article):
        return False
    field = article.featured_image
    storage = field.storage
    _delete_renditions(storage, article.image_renditions)
    info = {}
    if field:
        with field.open("rb") as source:
            image = Image.open(source)
            image.load()
        image = ImageOps.exif_transpose(image)
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
        widths = sorted({width for width in RENDITION_WIDTHS if width < image.width} | {min(image.width, 1600)})
        renditions = []
        for width in widths:
            data, height, extension = _encode(image, width)
            name = _rendition_name(field.name, width, extension)
            storage.delete(name)
            name = storage.save(name, ContentFile(data))
            renditions.append({"name": name, "width": width, "height": height})
        info = {"source": field.name, "width": image.width, "height": image.height, "renditions": renditions}
    article.image_renditions = info
    article.save(update_fields=["image_renditions"])
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
