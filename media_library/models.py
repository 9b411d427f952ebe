"""Pictures, sound and video that bodies show: a file with its title, alt text and caption.

Files come in through media_library.services (the WordPress import brings a
site's uploads here). A picture has its renditions made once, as featured
images do (articles/images.py), so the <img> in a body offers a srcset and
its size.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.images import FALLBACK_WIDTH


class MediaFile(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", _("Picture")
        AUDIO = "audio", _("Sound")
        VIDEO = "video", _("Video")
        OTHER = "other", _("Other file")

    title = models.CharField(_("title"), max_length=250)
    alt_text = models.CharField(_("alt text"), max_length=250, blank=True)
    caption = models.TextField(_("caption"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(_("file"), upload_to="library/%Y/%m/", max_length=300)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    renditions = models.JSONField(_("renditions"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("media file")
        verbose_name_plural = _("media files")

    def __str__(self):
        return self.title

    @property
    def url(self):
        return self.file.url

    def image_attributes(self):
        """src, srcset, width and height for an <img> of this picture (its renditions, else the file)."""
        items = (self.renditions or {}).get("renditions") or []
        if not items:
            return {"src": self.file.url, "srcset": "", "width": self.width, "height": self.height}
        storage = self.file.storage
        urls = {item["width"]: storage.url(item["name"]) for item in items}
        fallback = max((width for width in urls if width <= FALLBACK_WIDTH), default=min(urls))
        return {
            "src": urls[fallback],
            "srcset": ", ".join(f"{url} {width}w" for width, url in sorted(urls.items())),
            "width": self.width,
            "height": self.height,
        }
