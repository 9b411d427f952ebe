from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles.body import check_body
from articles.widgets import BodyEditorWidget

from . import services
from .models import Page


class PageForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = ["title", "slug", "parent", "body", "is_published", "show_in_footer", "footer_order"]
        widgets = {"body": BodyEditorWidget()}

    def clean_body(self):
        body = self.cleaned_data.get("body", "")
        check_body(body, previous=self.instance.body if self.instance.pk else "")
        return body


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    form = PageForm
    list_display = ["title", "address", "is_published", "show_in_footer", "footer_order", "updated_at"]
    list_filter = ["is_published", "show_in_footer"]
    list_editable = ["show_in_footer", "footer_order"]
    search_fields = ["title", "path"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["parent"]
    actions = ["delete_selected"]

    @admin.display(description=_("address"), ordering="path")
    def address(self, page):
        return page.get_absolute_url()

    def save_model(self, request, obj, form, change):
        services.page_save(page=obj)

    def delete_model(self, request, obj):
        services.page_delete(pages=[obj])

    def delete_queryset(self, request, queryset):
        services.page_delete(pages=queryset)
