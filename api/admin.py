from django.contrib import admin, messages
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from .models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "rate_limit", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "prefix"]
    readonly_fields = ["prefix", "created_at"]

    def save_model(self, request, obj, form, change):
        key = None if change else obj.issue()
        super().save_model(request, obj, form, change)
        # A revoked key or a changed limit applies at once, not after the key's cached minute.
        cache.delete(f"api:key:{obj.digest}")
        if key is not None:
            messages.warning(
                request,
                _("The key for %(name)s is %(key)s. Copy it now: it is not stored and cannot be shown again.")
                % {"name": obj.name, "key": key},
            )

    def delete_model(self, request, obj):
        cache.delete(f"api:key:{obj.digest}")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        cache.delete_many([f"api:key:{digest}" for digest in queryset.values_list("digest", flat=True)])
        super().delete_queryset(request, queryset)
