"""Storing media files: the file written so that a failed change leaves nothing in storage.

Call inside `articles.images.image_writes()` around the transaction: every
file written (the original and a picture's renditions) is deleted again if
the change does not commit.
"""

import mimetypes
import posixpath

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from articles.images import ImageRefused, _make_renditions, _store, publishable_image

from .models import MediaFile

MAX_MEDIA_BYTES = 200 * 1024 * 1024
KIND_OF_TYPE = {"image": MediaFile.Kind.IMAGE, "audio": MediaFile.Kind.AUDIO, "video": MediaFile.Kind.VIDEO}


class MediaRefused(Exception):
    """A file that is not stored, and why, in words for the import's report."""


def kind_of(name):
    media_type = (mimetypes.guess_type(name)[0] or "").split("/")[0]
    return KIND_OF_TYPE.get(media_type, MediaFile.Kind.OTHER)


def media_file_create(*, source, name, title, alt_text="", caption=""):
    """A new MediaFile with a copy of `source` (an open binary file) stored under a name close to `name`.

    A picture is stored without its metadata, in its real format, with its
    renditions; anything else as it is. Raises MediaRefused.
    """
    size = getattr(source, "size", None)
    if size is None:
        source.seek(0, 2)
        size = source.tell()
        source.seek(0)
    if size > MAX_MEDIA_BYTES:
        raise MediaRefused(f"it is {size // (1024 * 1024)} MB, more than {MAX_MEDIA_BYTES // (1024 * 1024)} MB")
    media = MediaFile(title=title, alt_text=alt_text, caption=caption, kind=kind_of(name))
    field = MediaFile._meta.get_field("file")
    content = File(source)
    if media.kind == MediaFile.Kind.IMAGE:
        try:
            name, content = publishable_image(name, content)
        except ImageRefused as refused:
            raise MediaRefused(str(refused.message)) from None
    folder = timezone.now().strftime("library/%Y/%m")
    with transaction.atomic():
        media.file.name = _store(
            media.file.storage, posixpath.join(folder, posixpath.basename(name)), content, max_length=field.max_length
        )
        if media.kind == MediaFile.Kind.IMAGE:
            info = _make_renditions(media.file)
            media.width, media.height, media.renditions = info["width"], info["height"], info
        media.save()
    return media


def media_file_update(*, media, **fields):
    """Change a media file's words (title, alt text, caption); True when anything changed."""
    changed = [name for name, value in fields.items() if getattr(media, name) != value]
    for name in changed:
        setattr(media, name, fields[name])
    if changed:
        media.save(update_fields=changed)
    return bool(changed)
