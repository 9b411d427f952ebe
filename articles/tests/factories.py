"""Small dependency-free factories: each call makes one saved object."""

import functools
import io
import itertools
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import FAQ, Article, Author, Category, RelatedLink, Topic

_sequence = itertools.count(1)


def _next():
    return next(_sequence)


def make_author(**fields):
    n = _next()
    fields.setdefault("name", f"Author {n}")
    fields.setdefault("slug", f"author-{n}")
    fields.setdefault("bio", "Writes about the world.")
    return Author.objects.create(**fields)


def make_category(**fields):
    n = _next()
    fields.setdefault("name", f"Category {n}")
    fields.setdefault("slug", f"category-{n}")
    fields.setdefault("menu_order", n)
    return Category.objects.create(**fields)


def make_topic(**fields):
    n = _next()
    fields.setdefault("name", f"Topic {n}")
    fields.setdefault("slug", f"topic-{n}")
    return Topic.objects.create(**fields)


def make_article(**fields):
    """A published article, live since a little over an hour ago (older the later it was made)."""
    n = _next()
    fields.setdefault("title", f"Article number {n}")
    fields.setdefault("slug", f"article-{n}")
    if "author" not in fields:
        fields["author"] = make_author()
    if "category" not in fields:
        fields["category"] = make_category()
    fields.setdefault("excerpt", f"The excerpt of article {n}.")
    fields.setdefault("body", f"<p>The body of article {n}.</p>")
    fields.setdefault("status", Article.Status.PUBLISHED)
    fields.setdefault("published_at", timezone.now() - timedelta(hours=1, seconds=n))
    return Article.objects.create(**fields)


def make_draft(**fields):
    return make_article(status=Article.Status.DRAFT, **fields)


def make_scheduled(**fields):
    fields.setdefault("published_at", timezone.now() + timedelta(days=1))
    return make_article(**fields)


def make_faq(article, **fields):
    n = _next()
    fields.setdefault("question", f"Question {n}?")
    fields.setdefault("answer", f"Answer {n}.")
    fields.setdefault("position", n)
    return FAQ.objects.create(article=article, **fields)


def make_related_link(article, **fields):
    n = _next()
    fields.setdefault("title", f"Further reading {n}")
    fields.setdefault("url", f"https://example.org/reading-{n}")
    fields.setdefault("position", n)
    return RelatedLink.objects.create(article=article, **fields)


def make_user(*, groups=(), password="a-long-test-password-42", **fields):
    """A user (staff when in a group), with a known password and the given groups by name."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    n = _next()
    fields.setdefault("username", f"user{n}")
    fields.setdefault("email", f"user{n}@example.org")
    fields.setdefault("is_staff", bool(groups))
    user = get_user_model().objects.create_user(password=password, **fields)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def make_jpeg(width=1600, height=900, colour=(200, 30, 50), image_format="JPEG"):
    """The bytes of a plain picture, for upload tests."""
    import io

    from PIL import Image

    output = io.BytesIO()
    mode = "RGBA" if image_format == "PNG" else "RGB"
    Image.new(mode, (width, height), colour).save(output, image_format)
    return output.getvalue()


def article_form_data(article=None, **fields):
    """What the admin's article form posts: the article's values (or blanks) with empty inlines."""
    from django.utils import timezone as tz

    published_at = tz.localtime(article.published_at if article else tz.now())
    data = {
        "title": article.title if article else "",
        "slug": article.slug if article else "",
        "excerpt": article.excerpt if article else "",
        "body": article.body if article else "",
        "status": article.status if article else Article.Status.DRAFT,
        "published_at_0": published_at.strftime("%Y-%m-%d"),
        "published_at_1": published_at.strftime("%H:%M:%S"),
        "author": article.author_id if article else "",
        "category": article.category_id if article else "",
        "topic": (article.topic_id or "") if article else "",
        "featured_image_alt": article.featured_image_alt if article else "",
        "comments_open": "on",
    }
    if article and article.is_editors_pick:
        data["is_editors_pick"] = "on"
    for prefix in ("bylines", "faqs", "related_links"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def image_upload(name="photo.jpg", size=(120, 68)):
    """A small real JPEG, for a featured image (save it under a temporary MEDIA_ROOT)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, "#c8102e").save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


# Where the camera_photo() was taken, as its EXIF, its XMP and its comment say.
CAMERA_GPS_XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="51,30.43N"'
    b' exif:GPSLongitude="0,7.65W"/></rdf:RDF></x:xmpmeta>'
)
CAMERA_MAKE = "Secretphone"


@functools.cache
def srgb_profile():
    """An ICC profile (the same bytes all along: a new one would carry another creation time)."""
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def camera_photo(width=1600, height=900, image_format="JPEG", orientation=6):
    """The bytes of a photo as a phone writes it: GPS position in EXIF and XMP, camera make, a comment, a colour
    profile, and the sensor's pixels with an Orientation tag. Its left half is red and its right half blue, so
    shown the right way up (orientation 6: turned a quarter clockwise) its top is red and its bottom blue."""
    from PIL import ExifTags, ImageDraw

    image = Image.new("RGB", (width, height), (200, 20, 20))
    ImageDraw.Draw(image).rectangle((width // 2, 0, width, height), fill=(20, 20, 200))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = CAMERA_MAKE
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 26.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.0)
    options = {"exif": exif, "icc_profile": srgb_profile(), "xmp": CAMERA_GPS_XMP}
    if image_format == "JPEG":
        options["comment"] = b"Shot at 51.5072 N, 0.1276 W"
    if image_format == "PNG":
        from PIL import PngImagePlugin

        options["pnginfo"] = PngImagePlugin.PngInfo()
        options["pnginfo"].add_itxt("XML:com.adobe.xmp", CAMERA_GPS_XMP.decode())
        options["pnginfo"].add_text("Comment", "Shot at 51.5072 N, 0.1276 W")
    output = io.BytesIO()
    image.save(output, image_format, **options)
    return output.getvalue()
