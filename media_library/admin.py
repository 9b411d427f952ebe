from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import MediaFile


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
