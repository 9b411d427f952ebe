"""The newsroom in the Django admin: articles with their FAQs and links, authors, sections, topics.

Who may do what (the groups are made by accounts/roles.py):
- Editors (`articles.edit_all_articles`, `articles.publish_article`) see and
  change every article, publish, schedule and unpublish, and pick Editors'
  Picks.
- Authors see only the articles whose byline names their own Author
  profile (as the lead or a co-author), write them as drafts or submit them
  for review, and may change or delete them only until they are published.
  A new article's lead author is always their own; they may add co-authors.

Every article has a history of revisions (articles/revisions.py): whoever may
see the article in the admin sees its revisions and their diffs; whoever may
change it restores one. Two editors saving the same article cannot overwrite
each other: the form carries the edit version it was opened at, and a save
made after someone else's is refused with a link to what changed and the
editor's text kept on the form (services.ArticleEditConflict). The form
also says who else has it open (articles/presence.py).

Corrections and updates (`articles.correct_article`) and breaking news
(`articles.break_news`) are the editors': a published article's change page
lists its notes and links to adding one and to the breaking news form. A
note is never deleted: withdrawing it keeps it, with who, when and why.

Every list answers in a fixed number of queries whatever the number of
articles, and foreign keys are picked by search (autocomplete), so a change
form never lists 10,000 options.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import Action, ActionLocation
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import date as date_filter
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from . import presence, revisions, services
from .body import check_body
from .images import ImageError, image_writes
from .models import FAQ, Article, Author, Byline, Category, Correction, LiveCoverage, LiveEntry, RelatedLink, Topic
from .widgets import BodyEditorWidget


def sees_all_articles(user):
    return user.has_perm("articles.edit_all_articles")


def can_publish(user):
    return user.has_perm("articles.publish_article")


def can_correct(user):
    return user.has_perm("articles.correct_article")


def can_break_news(user):
    return user.has_perm("articles.break_news")


def own_author(request):
    """The Author profile of the signed-in user, looked up once per request."""
    if not hasattr(request, "_own_author"):
        request._own_author = Author.objects.filter(user_id=request.user.pk).first()
    return request._own_author


def owns(request, article):
    """Whether the signed-in user's Author profile is in the article's byline (lead or co-author)."""
    author = own_author(request)
    if author is None or article.pk is None:
        return False
    return article.author_id == author.pk or Byline.objects.filter(article=article, author=author).exists()


def may_edit(request, article):
    """Editors edit anything; an author edits their own article until it is published."""
    if sees_all_articles(request.user):
        return True
    return owns(request, article) and article.status != Article.Status.PUBLISHED


def presence_text(others):
    if not others:
        return ""
    return _("Also open by %(names)s. If they save first, you will be asked to compare before saving.") % {
        "names": ", ".join(others)
    }


def diff_context(old, new):
    fields = revisions.compare(old, new)
    return {"fields": fields, "has_changes": any(field.changed for field in fields)}


def status_label(article):
    if article.status == Article.Status.PUBLISHED and article.published_at > timezone.now():
        when = date_filter(timezone.localtime(article.published_at), "DATETIME_FORMAT")
        return _("Scheduled for %(when)s") % {"when": when}
    return article.get_status_display()


class ArticleAdminForm(forms.ModelForm):
    # The article's edit version when the form was opened; a save after someone
    # else's is refused (services.ArticleEditConflict). Missing: no check.
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "language",
            "excerpt",
            "body",
            "status",
            "published_at",
            "author",
            "category",
            "topic",
            "tags",
            "is_editors_pick",
            "featured_image",
            "featured_image_alt",
            "comments_open",
        ]
        widgets = {
            "body": BodyEditorWidget(),
            "excerpt": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "title": _("The headline, as readers see it on the page and in listings."),
            "slug": _("The last part of the article's address, filled in from the title. Keep it once published."),
            "excerpt": _("One or two sentences for cards, search results and sharing."),
            "body": _(
                "Paragraphs, headings (H2–H4), lists, links, bold, italic, quotes, pictures from the media library "
                "(with alt text and a caption) and posts from YouTube, Vimeo, X, Instagram, Bluesky or Mastodon. "
                "Anything else (scripts, styles, pictures from other sites) is removed on save."
            ),
            "status": _("Draft: only the newsroom sees it. Published: public from the publication time on."),
            "is_editors_pick": _("Listed under Editors' Picks in every page's footer."),
            "comments_open": _("Readers may post new comments."),
            "tags": _("Further topics the article is listed under."),
        }

    # Set on a subclass (ArticleAdmin.get_form) when the last attempt to store the
    # uploaded image or make its renditions failed: the form is shown again with this reason.
    image_not_stored = None
    # Set on a subclass when the last attempt to save was refused because someone
    # else saved first: (the message with its diff link, the article's current edit version).
    edit_conflict = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["opened_version"] = self.instance.edit_version
        if self.edit_conflict is not None and self.is_bound:
            # Saving again, once the editor has looked at the other change, replaces it knowingly.
            data = self.data.copy()
            data[self.add_prefix("opened_version")] = str(self.edit_conflict[1])
            self.data = data
        if "language" in self.fields:
            # A new article is in the default language unless the editor says otherwise.
            self.fields["language"].required = False
        if self.image_not_stored is not None:
            # The failed attempt has read the upload (or moved it away), and no
            # browser fills a file input in again: the field keeps the old image.
            files = self.files.copy()
            files.pop(self.add_prefix("featured_image"), None)
            self.files = files

    def clean_body(self):
        body = self.cleaned_data.get("body", "")
        check_body(body, previous=self.instance.body if self.instance.pk else "")
        return body

    def clean_language(self):
        return self.cleaned_data.get("language") or settings.LANGUAGE_CODE

    def clean_featured_image(self):
        # The upload itself (format, size, a complete file) was checked by its field, images.ImageUploadField.
        if self.image_not_stored is not None:
            raise ValidationError(self.image_not_stored, code="not_stored")
        return self.cleaned_data.get("featured_image")

    def clean(self):
        cleaned_data = super().clean()
        if self.edit_conflict is not None:
            raise ValidationError(self.edit_conflict[0], code="edit_conflict")
        return cleaned_data


class BreakingNewsForm(forms.Form):
    until = forms.SplitDateTimeField(
        label=_("Breaking news until"),
        widget=AdminSplitDateTime,
        help_text=_("The bar above every page's header links to this article until then (at most seven days)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["until"].initial = timezone.localtime() + services.BREAKING_NEWS_DEFAULT


def article_fields_changed(form):
    """Whether the editor changed the article itself (not only its live entries) on the change form.

    The form shows the publication time to the second; the article keeps it to the microsecond.
    """
    changed = set(form.changed_data)
    initial, sent = form.initial.get("published_at"), form.cleaned_data.get("published_at")
    if "published_at" in changed and initial and sent and abs(initial - sent) < timedelta(seconds=1):
        changed.discard("published_at")
    return bool(changed)


class OwnArticleInline:
    """FAQs and links follow their article: editable exactly when the article is."""

    extra = 0
    min_num = 0

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and (obj is None or may_edit(request, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or may_edit(request, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or may_edit(request, obj))


class FAQInline(OwnArticleInline, admin.StackedInline):
    model = FAQ
    fields = [("question", "position"), "answer"]
    ordering = ["position", "id"]
    verbose_name = _("frequently asked question")
    verbose_name_plural = _("Frequently asked questions (shown under the article, in this order)")
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 80})}}


class RelatedLinkInline(OwnArticleInline, admin.TabularInline):
    model = RelatedLink
    fields = ["title", "url", "position"]
    ordering = ["position", "id"]
    verbose_name_plural = _("“More about” links (in this order)")


def correction_state(correction):
    if correction.is_withdrawn:
        when = date_filter(timezone.localtime(correction.withdrawn_at), "DATETIME_FORMAT")
        return _("Withdrawn on %(when)s") % {"when": when}
    return _("Shown")


class LiveEntryForm(forms.ModelForm):
    class Meta:
        model = LiveEntry
        fields = ["text", "is_key_event", "image", "image_alt"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "cols": 80})}


class LiveEntryInline(OwnArticleInline, admin.StackedInline):
    """A live article's entries on its change form, newest first, with an empty one on top to write the next.

    Saved through services.live_entry_save / live_entry_delete (ArticleAdmin.save_formset).
    """

    model = LiveEntry
    form = LiveEntryForm
    extra = 1
    fields = [("text", "is_key_event"), ("image", "image_alt"), "written"]
    readonly_fields = ["written"]
    ordering = ["-created_at", "-id"]
    verbose_name = _("live entry")
    verbose_name_plural = _("Live entries (newest first; readers see a new one within seconds)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by", "article")

    @admin.display(description=_("written"))
    def written(self, entry):
        if entry.pk is None:
            return _("Not saved yet: its time is when it is saved.")
        when = date_filter(timezone.localtime(entry.created_at), "DATETIME_FORMAT")
        who = (entry.created_by.get_full_name() or entry.created_by.get_username()) if entry.created_by else ""
        return format_html(
            '{} · <a href="{}#entry-{}">{}</a>',
            f"{when} {who}".strip(),
            entry.article.get_absolute_url(),
            entry.pk,
            _("permalink"),
        )


class BylineInline(OwnArticleInline, admin.TabularInline):
    model = Byline
    fields = ["author", "position"]
    ordering = ["position", "id"]
    autocomplete_fields = ["author"]
    verbose_name = _("co-author")
    verbose_name_plural = _("Co-authors (in the byline after the lead author, in this order)")


class BylineAuthorFilter(admin.SimpleListFilter):
    """Articles by an author, whether they lead the byline or are a co-author."""

    title = _("author")
    parameter_name = "byline_author"

    def lookups(self, request, model_admin):
        return [(str(pk), name) for pk, name in Author.objects.order_by("name", "pk").values_list("pk", "name")]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isascii() and value.isdigit():
            return queryset.by_author(int(value))
        return queryset


class PublicationStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Draft")),
            ("review", _("Submitted for review")),
            ("scheduled", _("Scheduled")),
            ("live", _("Published and live")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "draft":
            return queryset.filter(status=Article.Status.DRAFT)
        if value == "review":
            return queryset.filter(status=Article.Status.REVIEW)
        if value == "scheduled":
            return queryset.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
        if value == "live":
            return queryset.published()
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    # It extends admin/articles/article/change_form.html, which other apps may
    # provide (the comments app adds its link there), so both are kept.
    change_form_template = "admin/articles/article/newsroom_change_form.html"
    list_display = [
        "title",
        "state",
        "language",
        "translation_state",
        "byline",
        "category",
        "published_at",
        "is_editors_pick",
        "comments",
    ]
    list_display_links = ["title"]
    list_filter = [
        PublicationStateFilter,
        "language",
        "source_changed",
        "category",
        BylineAuthorFilter,
        "is_editors_pick",
        "comments_open",
    ]
    list_select_related = ["author", "category"]
    list_per_page = 50
    # No second COUNT(*) of the whole table on every filtered page.
    show_full_result_count = False
    search_fields = ["title", "slug", "excerpt"]
    search_help_text = _("Searches titles, addresses and excerpts.")
    date_hierarchy = "published_at"
    ordering = ["-published_at", "-id"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "category", "topic", "tags"]
    inlines = [BylineInline, FAQInline, RelatedLinkInline]
    actions = [
        "publish",
        "unpublish",
        "mark_editors_pick",
        "unmark_editors_pick",
        "start_live_coverage",
        "end_live_coverage",
        "mark_translation_reviewed",
    ]
    save_on_top = True
    fieldsets = [
        (_("Content"), {"fields": ["title", "slug", "language", "excerpt", "body", "opened_version"]}),
        (
            _("Translation"),
            {
                "fields": ["translations", "source_changes"],
                "description": _(
                    "A translation is an article of its own: its own address, status, schedule, FAQs and "
                    "comments. Start one with the “Translate to …” actions."
                ),
            },
        ),
        (
            _("Publishing"),
            {
                "fields": ["status", "published_at", "author", "category", "topic", "tags", "is_editors_pick"],
                "description": _(
                    "Only editors publish. Drafts, articles submitted for review and scheduled articles can be "
                    "previewed by the newsroom with “View on site”; readers see them only once published and due."
                ),
            },
        ),
        (_("Image"), {"fields": ["featured_image", "featured_image_alt", "image_preview"]}),
        (_("Discussion"), {"fields": ["comments_open", "comment_count"]}),
    ]

    # --- Who sees and changes what -------------------------------------

    def get_queryset(self, request):
        # The byline column and the permission checks read every article's co-authors: one query per page.
        queryset = super().get_queryset(request).with_bylines()
        if sees_all_articles(request.user):
            return queryset
        author = own_author(request)
        return queryset.by_author(author) if author else queryset.none()

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or sees_all_articles(request.user) or owns(request, obj))

    def has_add_permission(self, request):
        allowed = super().has_add_permission(request)
        return allowed and (sees_all_articles(request.user) or own_author(request) is not None)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_edit(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may_edit(request, obj))

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def has_live_permission(self, request):
        return request.user.has_perm("articles.change_article") and request.user.has_perm("articles.add_liveentry")

    def get_inlines(self, request, obj):
        inlines = list(super().get_inlines(request, obj))
        if obj is not None and LiveCoverage.objects.filter(article=obj).exists():
            inlines.insert(0, LiveEntryInline)
        return inlines

    def save_formset(self, request, form, formset, change):
        if formset.model is not LiveEntry:
            return super().save_formset(request, form, formset, change)
        for entry in formset.save(commit=False):
            services.live_entry_save(entry=entry, user=request.user)
        if formset.deleted_objects:
            services.live_entry_delete(
                entries=LiveEntry.objects.filter(pk__in=[e.pk for e in formset.deleted_objects])
            )

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        if len(settings.LANGUAGES) > 1 and self.has_add_permission(request):
            for code, name in settings.LANGUAGES:
                actions[f"translate_{code}"] = self.translate_action(code, name)
        if not sees_all_articles(request.user):
            # Bulk delete checks no single article; authors delete one at a time, where it does.
            actions.pop("delete_selected", None)
        return actions

    def get_list_filter(self, request):
        if sees_all_articles(request.user):
            return self.list_filter
        return [item for item in self.list_filter if item is not BylineAuthorFilter]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and (can_correct(request.user) or request.user.has_perm("articles.view_correction")):
            # Read here, added and withdrawn on their own pages (CorrectionAdmin): no formset to post.
            fieldsets = [*fieldsets, (_("Corrections and updates"), {"fields": ["correction_notes"]})]
        if obj is None or not self.has_change_permission(request, obj):
            # Nothing to protect: a new article, or a read-only one (where it would show as a field).
            fieldsets = [
                (name, {**options, "fields": [f for f in options["fields"] if f != "opened_version"]})
                for name, options in fieldsets
            ]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = ["comment_count", "image_preview", "correction_notes", "translations", "source_changes"]
        if obj is not None and obj.pk:
            # Its translations are the story's other languages; translate it rather than move it.
            readonly.append("language")
        if not sees_all_articles(request.user):
            readonly.append("author")
        if not can_publish(request.user):
            readonly.append("is_editors_pick")
        return readonly

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not can_publish(request.user):
            kwargs["choices"] = [(value, label) for value, label in Article.Status.choices if value != "published"]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        author = own_author(request)
        if author is not None:
            initial.setdefault("author", author.pk)
        return initial

    # The article, its FAQs, links and topics, and its image renditions are
    # one change (services.article_save), saved and announced together; the
    # admin calls save_model, then save_related, so the saving happens there.

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            # Around the admin's own transaction: whatever rolls it back, the files written for it go too.
            with image_writes():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except ImageError as error:
            # Rolled back, nothing stored (a full disk, a picture that could not be
            # resized): the same form again, bound to what the editor sent, with
            # the reason on the image field, instead of a 500.
            request._article_image_not_stored = error.message
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.ArticleEditConflict as conflict:
            # Rolled back: someone saved after this form was opened. The same form
            # again, bound to what this editor sent, with a link to the other change.
            request._article_edit_conflict = (self.conflict_message(conflict), self.current_edit_version(conflict))
            return super().changeform_view(request, object_id, form_url, extra_context)

    def current_edit_version(self, conflict):
        return Article.objects.values_list("edit_version", flat=True).get(pk=conflict.article_id)

    def conflict_message(self, conflict):
        versions = revisions.article_versions(conflict.article_id)
        current = versions.first()
        opened = revisions.version_opened_at(conflict.article_id, conflict.expected_version)
        who = revisions.user_label(current.revision.user) if current else _("someone else")
        when = date_filter(timezone.localtime(current.revision.date_created), "TIME_FORMAT") if current else ""
        if current is not None and opened is not None and opened.pk != current.pk:
            link = self.compare_url(conflict.article_id, opened, current)
        else:
            link = reverse("admin:articles_article_history", args=[conflict.article_id])
        return format_html(
            '{} <a href="{}">{}</a>, {}',
            _(
                "Not saved: %(who)s saved this article at %(when)s, after you opened it, and saving now "
                "would overwrite their changes. Your text is kept below."
            )
            % {"who": who, "when": when},
            link,
            _("See what they changed"),
            _("then save again to replace their version with yours, or copy what you need into the current version."),
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        message = getattr(request, "_article_image_not_stored", None)
        conflict = getattr(request, "_article_edit_conflict", None)
        if message is None and conflict is None:
            return form

        class RefusedSaveForm(form):
            image_not_stored = message
            edit_conflict = conflict

        return RefusedSaveForm

    def save_model(self, request, obj, form, change):
        # A co-author editing someone's draft leaves its lead author as it is.
        if not change and not sees_all_articles(request.user):
            obj.author = own_author(request)

    def save_related(self, request, form, formsets, change):
        if (
            change
            and not article_fields_changed(form)
            and not any(formset.has_changed() for formset in formsets if formset.model is not LiveEntry)
        ):
            # Only live entries were written: they are rows of their own, saved without
            # a new revision of the article, so editors posting side by side never
            # refuse each other's saves.
            for formset in formsets:
                self.save_formset(request, form, formset, change)
            return
        services.article_save(
            article=form.instance,
            save_related=lambda: super(ArticleAdmin, self).save_related(request, form, formsets, change),
            user=request.user,
            expected_version=form.cleaned_data.get("opened_version") if change else None,
        )

    def delete_model(self, request, obj):
        services.article_delete(articles=Article.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.article_delete(articles=queryset)

    # --- Revisions and presence ----------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/revisions/compare/",
                view(self.revision_compare_view),
                name="articles_article_compare",
            ),
            path(
                "<path:object_id>/revisions/<int:version_id>/restore/",
                view(self.revision_restore_view),
                name="articles_article_restore",
            ),
            path("<path:object_id>/presence/", view(self.presence_view), name="articles_article_presence"),
            path("<path:object_id>/breaking/", view(self.breaking_news_view), name="articles_article_breaking"),
            *super().get_urls(),
        ]

    def compare_url(self, article_id, old, new):
        url = reverse("admin:articles_article_compare", args=[article_id])
        return f"{url}?old={old.pk}&new={new.pk}"

    def article_for(self, request, object_id, *, change=False):
        """The article if this user may see its revisions (change: restore them); 404 when it is not theirs."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        allowed = (
            self.has_change_permission(request, article) if change else self.has_view_permission(request, article)
        )
        if not allowed:
            raise PermissionDenied
        return article

    def revision_context(self, request, article, title):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": str(article),
            "object": article,
            "opts": self.opts,
            "module_name": self.opts.verbose_name_plural,
            "may_restore": self.has_change_permission(request, article),
        }

    def history_view(self, request, object_id, extra_context=None):
        """The article's revisions, newest first: pick two to compare, or one to restore."""
        article = self.article_for(request, object_id)
        page = self.get_paginator(request, revisions.article_versions(article.pk), 50).get_page(request.GET.get("p"))
        context = {
            **self.revision_context(request, article, _("Revisions")),
            "versions": page,
            "compare_action": reverse("admin:articles_article_compare", args=[article.pk]),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/articles/article/revision_history.html", context)

    def revision_compare_view(self, request, object_id):
        article = self.article_for(request, object_id)
        versions = revisions.article_versions(article.pk)
        try:
            new = versions.get(pk=request.GET["new"]) if "new" in request.GET else versions.first()
            old = versions.get(pk=request.GET["old"]) if "old" in request.GET else None
        except (ValueError, versions.model.DoesNotExist):
            messages.error(request, _("Those revisions are not revisions of this article."))
            return HttpResponseRedirect(reverse("admin:articles_article_history", args=[article.pk]))
        if new is None:
            messages.info(request, _("This article has no revisions yet: they are kept from its next save on."))
            return HttpResponseRedirect(reverse("admin:articles_article_history", args=[article.pk]))
        if old is None:
            old = versions.filter(revision__date_created__lte=new.revision.date_created).exclude(pk=new.pk).first()
            old = old or new
        if old.revision.date_created > new.revision.date_created:
            old, new = new, old
        context = {
            **self.revision_context(request, article, _("Compare revisions")),
            "old": old,
            "new": new,
            "old_label": revisions.revision_label(old),
            "new_label": revisions.revision_label(new),
            **diff_context(old, new),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/articles/article/revision_compare.html", context)

    def revision_restore_view(self, request, object_id, version_id):
        """GET: what restoring would change. POST: restore it, through the article service."""
        article = self.article_for(request, object_id, change=True)
        version = get_object_or_404(revisions.article_versions(article.pk), pk=version_id)
        current = revisions.article_versions(article.pk).first()
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        if request.method == "POST":
            try:
                expected = int(request.POST.get("edit_version", ""))
            except ValueError:
                expected = None
            try:
                kept = services.article_restore(
                    article=article, version=version, user=request.user, expected_version=expected
                )
            except services.ArticleEditConflict as conflict:
                messages.error(request, self.conflict_message(conflict))
                return HttpResponseRedirect(request.path)
            messages.success(
                request, _("Restored the revision of %(when)s.") % {"when": revisions.revision_label(version)}
            )
            if kept:
                messages.warning(
                    request,
                    _("No longer available, so kept as it is now: %(fields)s.")
                    % {"fields": ", ".join(str(label) for label in kept)},
                )
            return HttpResponseRedirect(change_url)
        context = {
            **self.revision_context(request, article, _("Restore a revision")),
            "version": version,
            "version_label": revisions.revision_label(version),
            "old_label": revisions.revision_label(current) if current else "",
            "new_label": revisions.revision_label(version),
            **diff_context(current or version, version),
            "edit_version": article.edit_version,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/articles/article/revision_restore.html", context)

    def presence_view(self, request, object_id):
        """Renewed by the open change form every few seconds (static/js/article-presence.js)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.article_for(request, object_id)
        others = presence.article_presence(article.pk, request.user, leaving="leaving" in request.POST)
        return JsonResponse({"others": others, "text": presence_text(others)})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if request.method == "GET" and article is not None and article.source_changed:
            self.message_user(
                request,
                _(
                    "The article this one was translated from has changed since: see “What changed in the "
                    "source” below, update the translation, then mark it reviewed."
                ),
                messages.WARNING,
            )
        if article is not None and self.has_view_permission(request, article):
            if request.method == "GET":
                others = presence.article_presence(article.pk, request.user)
            else:
                # A save leaves the form (its script says so as the page goes); a refused one stays, and renews.
                others = presence.others_present(article.pk, request.user)
            extra_context = {
                **(extra_context or {}),
                "presence_others": others,
                "presence_text": presence_text(others),
                "presence_url": reverse("admin:articles_article_presence", args=[article.pk]),
                "presence_poll_seconds": presence.POLL_SECONDS,
            }
            if article.is_public and can_correct(request.user):
                url = reverse("admin:articles_correction_add")
                extra_context["add_correction_url"] = f"{url}?article={article.pk}"
            if article.is_public and can_break_news(request.user):
                extra_context["breaking_news_url"] = reverse("admin:articles_article_breaking", args=[article.pk])
                extra_context["breaking_until"] = article.breaking_until if article.is_breaking else None
        return super().change_view(request, object_id, form_url, extra_context)

    def breaking_news_view(self, request, object_id):
        """GET: the article's breaking news state and a form. POST: mark it breaking until a time, or end it."""
        if not can_break_news(request.user):
            raise PermissionDenied
        article = self.article_for(request, object_id)
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        form = BreakingNewsForm(request.POST or None)
        if request.method == "POST" and "end" in request.POST:
            if services.article_end_breaking_news(article=article):
                self.log_change(request, article, _("Ended breaking news."))
                messages.success(request, _("The breaking news bar is gone from every page."))
            return HttpResponseRedirect(change_url)
        if request.method == "POST" and form.is_valid():
            try:
                services.article_break_news(article=article, until=form.cleaned_data["until"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                until = date_filter(timezone.localtime(article.breaking_until), "DATETIME_FORMAT")
                self.log_change(request, article, _("Breaking news until %(until)s.") % {"until": until})
                messages.success(
                    request, _("Every page now leads with this article until %(until)s.") % {"until": until}
                )
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Breaking news"),
            "subtitle": str(article),
            "object": article,
            "opts": self.opts,
            "module_name": self.opts.verbose_name_plural,
            "form": form,
            "is_public": article.is_public,
            "breaking_until": article.breaking_until if article.is_breaking else None,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/articles/article/breaking_news.html", context)

    def translate_action(self, language, language_name):
        description = _("Translate to %(language)s (a linked draft)") % {"language": language_name}

        def translate(modeladmin, request, queryset):
            return self.translate(request, queryset, language)

        return Action(
            func=translate,
            name=f"translate_{language}",
            description=description,
            plural_description=description,
            locations=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
        )

    def translate(self, request, queryset, language):
        """A linked draft in `language` for each article; the editor lands on it when there is one."""
        made = []
        for source in queryset.select_related("author", "category", "topic"):
            try:
                author = None if sees_all_articles(request.user) else own_author(request)
                made.append(
                    services.article_translate(source=source, language=language, author=author, user=request.user)
                )
            except ValidationError as refused:
                self.message_user(request, f"{source}: {' '.join(refused.messages)}", messages.ERROR)
            except ImageError as error:
                self.message_user(request, f"{source}: {error.message}", messages.ERROR)
        if not made:
            return None
        message = ngettext(
            "%(n)d draft translation made: translate it, then publish it.",
            "%(n)d draft translations made: translate them, then publish them.",
            len(made),
        )
        self.message_user(request, message % {"n": len(made)}, messages.SUCCESS)
        if len(made) == 1:
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[made[0].pk]))
        return None

    @admin.action(
        description=_("Mark translation reviewed (up to date with its source)"),
        permissions=["change"],
        location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
    )
    def mark_translation_reviewed(self, request, queryset):
        editable = [article.pk for article in queryset if may_edit(request, article)]
        count = services.article_mark_translation_reviewed(articles=Article.objects.filter(pk__in=editable))
        message = ngettext("%(n)d translation marked reviewed.", "%(n)d translations marked reviewed.", count)
        self.message_user(request, message % {"n": count}, messages.SUCCESS)

    # --- Columns and read-only fields ----------------------------------

    @admin.display(description=_("translation"), ordering="source_changed")
    def translation_state(self, obj):
        if obj.translation_source_id is None:
            return "—"
        if obj.source_changed:
            return format_html(
                '<span class="article-state article-state--source-changed">{}</span>', _("Source changed")
            )
        return _("Up to date")

    @admin.display(description=_("translations"))
    def translations(self, obj):
        if obj is None or not obj.pk:
            return _("Save the article first, then translate it with the “Translate to …” actions.")
        others = Article.objects.filter(translation_key=obj.translation_key).exclude(pk=obj.pk).order_by("language")
        names = dict(settings.LANGUAGES)
        rows = [
            (
                reverse("admin:articles_article_change", args=[other.pk]),
                names.get(other.language, other.language),
                other.title,
                status_label(other),
            )
            for other in others
        ]
        if not rows:
            return _("None yet.")
        return format_html("<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}: {}</a> ({})</li>', rows))

    @admin.display(description=_("what changed in the source"))
    def source_changes(self, obj):
        if obj is None or obj.translation_source_id is None:
            return _("Not a translation.")
        changes = services.source_changes(obj)
        if not changes:
            return _("Nothing: the translation is up to date with “%(source)s”.") % {
                "source": obj.translation_source.title
            }
        blocks = format_html_join(
            "",
            '<h4>{}</h4><pre class="source-diff">{}</pre>',
            ((label, "\n".join(diff)) for label, diff in changes),
        )
        return format_html(
            "<p>{}</p>{}",
            _("Since this translation was made or last reviewed, “%(source)s” changed:")
            % {"source": obj.translation_source.title},
            blocks,
        )

    @admin.display(description=_("state"), ordering="status")
    def state(self, obj):
        kind = "scheduled" if obj.is_scheduled else obj.status
        label = format_html('<span class="article-state article-state--{}">{}</span>', kind, status_label(obj))
        if obj.is_breaking:
            until = date_filter(timezone.localtime(obj.breaking_until), "TIME_FORMAT")
            label = format_html(
                '{} <span class="article-state article-state--breaking">{}</span>',
                label,
                _("Breaking until %(until)s") % {"until": until},
            )
        return label

    @admin.display(description=_("authors"), ordering="author__name")
    def byline(self, obj):
        return ", ".join(author.name for author in obj.authors)

    @admin.display(description=_("comments"), ordering="comment_count")
    def comments(self, obj):
        return obj.comment_count

    @admin.display(description=_("notes"))
    def correction_notes(self, obj):
        notes = list(obj.corrections.all()) if obj and obj.pk else []
        if not notes:
            return _("None. Published articles take corrections and updates (“Add a correction or update” above).")
        return format_html(
            '<ul class="correction-admin-list">{}</ul>',
            format_html_join(
                "",
                '<li><a href="{}">{} · {}</a> ({}): {}</li>',
                (
                    (
                        reverse("admin:articles_correction_change", args=[note.pk]),
                        note.get_kind_display(),
                        date_filter(timezone.localtime(note.published_at), "DATETIME_FORMAT"),
                        correction_state(note),
                        Truncator(strip_tags(note.text)).chars(160),
                    )
                    for note in notes
                ),
            ),
        )

    @admin.display(description=_("preview"))
    def image_preview(self, obj):
        image = obj.image if obj and obj.pk else None
        if image is None:
            return _("No image yet: cards and the page show the section's colour instead.")
        return format_html(
            '<img class="article-image-preview" src="{}" alt="{}" width="320">', image.src, image.alt or ""
        )

    # --- Bulk actions --------------------------------------------------

    @admin.action(description=_("Publish (now, or at the scheduled time)"), permissions=["publish"])
    def publish(self, request, queryset):
        count = services.article_publish(articles=queryset, user=request.user)
        message = ngettext("%(n)d article published.", "%(n)d articles published.", count)
        self.message_user(request, message % {"n": count}, messages.SUCCESS)

    @admin.action(description=_("Unpublish (back to draft)"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count = services.article_unpublish(articles=queryset, user=request.user)
        message = ngettext("%(n)d article is a draft again.", "%(n)d articles are drafts again.", count)
        self.message_user(request, message % {"n": count}, messages.SUCCESS)

    @admin.action(description=_("Mark as Editors' Pick"), permissions=["publish"])
    def mark_editors_pick(self, request, queryset):
        count = services.article_set_editors_pick(articles=queryset, value=True, user=request.user)
        message = ngettext("%(n)d article marked as Editors' Pick.", "%(n)d articles marked as Editors' Picks.", count)
        self.message_user(request, message % {"n": count}, messages.SUCCESS)

    @admin.action(description=_("Remove from Editors' Picks"), permissions=["publish"])
    def unmark_editors_pick(self, request, queryset):
        count = services.article_set_editors_pick(articles=queryset, value=False, user=request.user)
        message = ngettext("%(n)d article removed from Editors' Picks.", "%(n)d articles removed.", count)
        self.message_user(request, message % {"n": count}, messages.SUCCESS)

    # --- Live coverage -----------------------------------------------------

    def editable_articles(self, request, queryset):
        """The articles of `queryset` this user may change (an author: their own, until published)."""
        return [article for article in queryset.select_related("author") if may_edit(request, article)]

    @admin.action(
        description=_("Start live coverage"),
        permissions=["live"],
        location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
    )
    def start_live_coverage(self, request, queryset):
        articles = self.editable_articles(request, queryset)
        count = services.live_coverage_start(articles=articles)
        message = ngettext(
            "%(n)d article is live: write its entries under “Live entries”.",
            "%(n)d articles are live: write their entries under “Live entries”.",
            count,
        )
        self.message_user(request, message % {"n": count}, messages.SUCCESS)
        self.say_skipped(request, queryset, articles)

    @admin.action(
        description=_("End live coverage"),
        permissions=["live"],
        location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
    )
    def end_live_coverage(self, request, queryset):
        articles = self.editable_articles(request, queryset)
        count = services.live_coverage_end(articles=articles)
        message = ngettext(
            "%(n)d article's live coverage ended: it reads as an ordinary article, its entries kept.",
            "%(n)d articles' live coverage ended: they read as ordinary articles, their entries kept.",
            count,
        )
        self.message_user(request, message % {"n": count}, messages.SUCCESS)
        self.say_skipped(request, queryset, articles)

    def say_skipped(self, request, queryset, done):
        skipped = queryset.count() - len(done)
        if skipped:
            message = ngettext(
                "%(n)d article was left as it was: only editors change a published article.",
                "%(n)d articles were left as they were: only editors change a published article.",
                skipped,
            )
            self.message_user(request, message % {"n": skipped}, messages.WARNING)


class ServiceAdmin(admin.ModelAdmin):
    """Saves and deletes through the app's services (`save_one`, `delete_all`), so every change is announced."""

    def save_one(self, obj):
        raise NotImplementedError

    def delete_all(self, queryset):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        self.save_one(obj)

    def delete_model(self, request, obj):
        self.delete_all(self.model.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        self.delete_all(queryset)


class TranslatedServiceAdmin(ServiceAdmin, TranslationAdmin):
    """A service-saved admin with a field per language for what articles/translation.py names,
    shown as one tab per language by our own script (modeltranslation's tabs load jQuery UI
    from a CDN, which the Content-Security-Policy refuses)."""

    class Media:
        js = ["js/translation-tabs.js"]


@admin.register(Author)
class AuthorAdmin(TranslatedServiceAdmin):
    def save_one(self, author):
        services.author_save(author=author)

    def delete_all(self, authors):
        services.author_delete(authors=authors)

    list_display = ["name", "slug", "account"]
    list_select_related = ["user"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    fields = ["name", "slug", "bio", "avatar", "user"]

    def get_form(self, request, obj=None, **kwargs):
        kwargs.setdefault(
            "help_texts",
            {"user": _("The newsroom account that writes as this author. Empty for a guest contributor.")},
        )
        return super().get_form(request, obj, **kwargs)

    @admin.display(description=_("user account"), ordering="user__username")
    def account(self, author):
        if author.is_guest:
            return format_html('<span class="author-guest">{}</span>', _("Guest contributor (no account)"))
        return author.user.get_username()


@admin.register(Category)
class CategoryAdmin(TranslatedServiceAdmin):
    def save_one(self, category):
        services.category_save(category=category)

    def delete_all(self, categories):
        services.category_delete(categories=categories)

    list_display = ["name", "slug", "menu_order"]
    list_editable = ["menu_order"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["menu_order", "name"]


@admin.register(Topic)
class TopicAdmin(TranslatedServiceAdmin):
    def save_one(self, topic):
        services.topic_save(topic=topic)

    def delete_all(self, topics):
        services.topic_delete(topics=topics)

    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class CorrectionAddForm(forms.ModelForm):
    class Meta:
        model = Correction
        fields = ["article", "kind", "placement", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4, "cols": 80})}

    def clean_article(self):
        article = self.cleaned_data["article"]
        if not article.is_public:
            raise ValidationError(
                _("Corrections and updates are for published articles: edit a draft or a scheduled article instead.")
            )
        return article


class CorrectionWithdrawForm(forms.ModelForm):
    withdraw_reason = forms.CharField(
        label=_("Withdraw, because"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_(
            "Kept on record with your name and the time. Readers see in the note's place that it was withdrawn."
        ),
    )

    class Meta:
        model = Correction
        fields = []


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    """Corrections and updates: added to a published article, withdrawn with a reason, never deleted."""

    list_display = ["published_at", "kind", "article", "placement", "state", "created_by"]
    list_filter = ["kind", "placement", ("withdrawn_at", admin.EmptyFieldListFilter)]
    list_select_related = ["article", "created_by"]
    search_fields = ["text", "article__title"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["article"]
    list_per_page = 50
    show_full_result_count = False
    readonly_shown = [
        "article",
        "kind",
        "placement",
        "shown_text",
        "published_at",
        "created_by",
        "withdrawn_at",
        "withdrawn_by",
        "withdrawal_reason",
    ]

    def has_add_permission(self, request):
        return can_correct(request.user)

    def has_change_permission(self, request, obj=None):
        # Changing a note is withdrawing it: its text is never rewritten.
        return can_correct(request.user) and (obj is None or not obj.is_withdrawn)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or can_correct(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = CorrectionWithdrawForm if obj is not None else CorrectionAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["article", "kind", "placement", "text"]
        fields = list(self.readonly_shown)
        if self.has_change_permission(request, obj):
            fields.append("withdraw_reason")
        return fields

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_shown if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            services.correction_withdraw(
                correction=obj, reason=form.cleaned_data["withdraw_reason"], user=request.user
            )
            return
        added = services.correction_add(
            article=obj.article, text=obj.text, kind=obj.kind, placement=obj.placement, user=request.user
        )
        obj.pk, obj.published_at, obj.text, obj.created_by = added.pk, added.published_at, added.text, request.user

    def save_related(self, request, form, formsets, change):
        """Nothing beside the note itself."""

    def construct_change_message(self, request, form, formsets, add=False):
        if add:
            return super().construct_change_message(request, form, formsets, add)
        return _("Withdrawn: %(reason)s") % {"reason": form.cleaned_data["withdraw_reason"]}

    @admin.display(description=_("state"))
    def state(self, obj):
        return correction_state(obj)

    @admin.display(description=_("text as readers see it"))
    def shown_text(self, obj):
        # Sanitised when it was saved (sanitize.sanitize_note): only links and emphasis.
        return format_html('<div class="correction-text">{}</div>', mark_safe(obj.text))
