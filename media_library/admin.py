from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import JsonResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import MediaFile

PICKER_SIZE = 24


@admin.register(MediaFile)
class MediaFileAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "address", "width", "height", "created_at"]
    list_filter = ["kind"]
    search_fields = ["title", "alt_text", "caption", "file"]
    fields = ["title", "alt_text", "caption", "kind", "file", "width", "height"]
    readonly_fields = ["kind", "file", "width", "height"]

    @admin.display(description=_("address"))
    def address(self, media):
        return format_html('<a href="{}">{}</a>', media.url, media.file.name)

    def has_add_permission(self, request):
        # Files arrive with the WordPress import; pictures of articles are uploaded on the article.
        return False

    def get_urls(self):
        picker = path("picker/", self.admin_site.admin_view(self.picker_view), name="media_library_mediafile_picker")
        return [picker, *super().get_urls()]

    def picker_view(self, request):
        """The newest pictures (or those matching ?q=) for the body editor's picture button, as JSON."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        pictures = MediaFile.objects.filter(kind=MediaFile.Kind.IMAGE)
        if query := request.GET.get("q", "").strip()[:100]:
            pictures = pictures.filter(
                Q(title__icontains=query) | Q(alt_text__icontains=query) | Q(caption__icontains=query)
            )
        return JsonResponse({"results": [picker_entry(media) for media in pictures[:PICKER_SIZE]]})


def picker_entry(media):
    image = media.image_attributes()
    renditions = sorted((media.renditions or {}).get("renditions") or [], key=lambda item: item["width"])
    thumbnail = media.file.storage.url(renditions[0]["name"]) if renditions else image["src"]
    return {
        "id": media.pk,
        "title": media.title,
        "alt": media.alt_text,
        "caption": media.caption,
        "thumbnail": thumbnail,
        **image,
    }
