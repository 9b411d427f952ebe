"""Moderation in the Django admin: the queue, why each comment was held,
and bulk Approve / Mark as spam / Move to trash / Restore.

The article admin (articles app) knows nothing of comments; it links here
through `admin/articles/article/change_form.html` from this app, which adds a
"Comments" button to each article's page. The address of an article's
comments is `comments_changelist_url(article)`.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import Article

from .models import Comment, comment_fingerprint
from .services import (
    comment_delete,
    comment_reports_dismiss,
    comment_set_featured,
    comment_set_status,
    comment_update,
)


def comments_changelist_url(article, status=None):
    """The admin list of one article's comments (optionally of one status)."""
    url = reverse("admin:comments_comment_changelist") + f"?article__id__exact={article.pk}"
    return url + f"&status__exact={status}" if status else url


class CommentAdminForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["name", "email", "website", "body", "status", "is_featured"]

    def clean(self):
        cleaned = super().clean()
        comment = self.instance
        if cleaned.get("is_featured") and cleaned.get("status", comment.status) != Comment.Status.APPROVED:
            self.add_error("is_featured", _("Only an approved comment can be featured."))
        fingerprint = comment_fingerprint(
            article_id=comment.article_id,
            parent_id=comment.parent_id,
            email=cleaned.get("email", comment.email),
            user_id=comment.user_id,
            body=cleaned.get("body", comment.body),
        )
        if Comment.objects.filter(fingerprint=fingerprint).exclude(pk=comment.pk).exists():
            raise forms.ValidationError(_("The same person has another comment with exactly this text here."))
        return cleaned


class ArticleFilter(admin.SimpleListFilter):
    """The comments of one article, reached from that article's admin page.

    Listing every article that has comments would read the whole comment
    table on each visit; the article admin links here with the article's id.
    """

    title = _("article")
    parameter_name = "article__id__exact"

    def lookups(self, request, model_admin):
        value = self.value()
        if value and value.isdigit() and len(value) < 19:
            article = Article.objects.filter(pk=int(value)).only("pk", "title").first()
            if article is not None:
                return [(str(article.pk), article.title)]
        if value:
            # Shown (and so applied, which lists nothing) rather than silently ignored.
            return [(value, _("No such article"))]
        return []

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if not value.isdigit() or len(value) >= 19:
            return queryset.none()
        return queryset.filter(article_id=int(value))


class ReportedFilter(admin.SimpleListFilter):
    """Comments readers reported, whose reports no moderator has dismissed yet."""

    title = _("reports")
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("yes", _("Reported")), ("no", _("Not reported"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(active_reports__gt=0)
        if self.value() == "no":
            return queryset.filter(active_reports=0)
        return queryset


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    form = CommentAdminForm
    list_display = [
        "excerpt",
        "name",
        "email",
        "article_link",
        "status",
        "report_count",
        "held_reason",
        "created_at",
        "is_featured",
    ]
    list_display_links = ["excerpt"]
    list_filter = ["status", ReportedFilter, "is_featured", "created_at", ArticleFilter]
    search_fields = ["name", "email", "body", "ip_address"]
    date_hierarchy = "created_at"
    list_select_related = ["article"]
    list_per_page = 50
    ordering = ["-created_at", "-id"]
    actions = ["approve", "mark_as_spam", "move_to_trash", "restore", "dismiss_reports", "feature", "unfeature"]
    fieldsets = [
        (None, {"fields": ["status", "is_featured", "held_reason", "article", "parent", "body", "edited_at"]}),
        (_("Author"), {"fields": ["name", "email", "website", "user"]}),
        (_("Where it came from"), {"fields": ["created_at", "ip_address", "user_agent", "link_on_site"]}),
        (_("Reports by readers"), {"fields": ["reports_list"]}),
        (_("Earlier texts, before edits by its author"), {"fields": ["revisions_list"]}),
    ]
    readonly_fields = [
        "held_reason",
        "edited_at",
        "article",
        "parent",
        "user",
        "created_at",
        "ip_address",
        "user_agent",
        "link_on_site",
        "reports_list",
        "revisions_list",
    ]

    def has_add_permission(self, request):
        # Comments come from readers, through the form under each article.
        return False

    def get_queryset(self, request):
        # The count of reports in the same query as the list, not one query per row.
        return (
            super()
            .get_queryset(request)
            .annotate(active_reports=Count("reports", filter=Q(reports__dismissed_at__isnull=True)))
        )

    @admin.display(description=_("reports"), ordering="active_reports")
    def report_count(self, comment):
        return comment.active_reports or "–"

    @admin.display(description=_("comment"))
    def excerpt(self, comment):
        return Truncator(comment.body).chars(80)

    @admin.display(description=_("article"), ordering="article__title")
    def article_link(self, comment):
        return format_html(
            '{} <a href="{}" title="{}">↗</a>',
            Truncator(comment.article.title).chars(50),
            comment.get_absolute_url(),
            _("Show the comment on the site"),
        )

    @admin.display(description=_("on the site"))
    def link_on_site(self, comment):
        if not comment.pk:
            return "–"
        note = ""
        if comment.status != Comment.Status.APPROVED:
            note = _(" (only its author sees it until it is approved)")
        return format_html('<a href="{}">{}</a>{}', comment.get_absolute_url(), _("Show in the thread"), note)

    @admin.display(description=_("reports"))
    def reports_list(self, comment):
        """Every report on the comment, newest first; a dismissed one says so."""
        reports = list(comment.reports.order_by("-created_at", "-id")) if comment.pk else []
        if not reports:
            return _("No reader has reported this comment.")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    report.get_reason_display(),
                    report.text or "–",
                    date_format(timezone.localtime(report.created_at), "DATETIME_FORMAT"),
                    _("dismissed") if report.dismissed_at else _("counts"),
                )
                for report in reports
            ),
        )
        return format_html(
            '<table class="comment-reports"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            _("reason"),
            _("details"),
            _("reported"),
            _("state"),
            rows,
        )

    @admin.display(description=_("earlier texts"))
    def revisions_list(self, comment):
        """Every text the comment had before its author edited it, oldest first."""
        revisions = list(comment.revisions.all()) if comment.pk else []
        if not revisions:
            return _("Its author has not edited this comment.")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    date_format(timezone.localtime(revision.replaced_at), "DATETIME_FORMAT"),
                    revision.get_status_display(),
                    revision.body,
                )
                for revision in revisions
            ),
        )
        return format_html(
            '<table class="comment-revisions"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            _("replaced"),
            _("status then"),
            _("text"),
            rows,
        )

    def save_model(self, request, obj, form, change):
        comment_update(comment=obj, changed_fields=form.changed_data, previous_status=form.initial.get("status", ""))

    def delete_model(self, request, obj):
        comment_delete(comments=Comment.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        comment_delete(comments=queryset)

    def _change_status(self, request, queryset, status, done):
        changed = comment_set_status(comments=queryset, status=status)
        self.message_user(request, done(changed) % {"count": changed}, messages.SUCCESS)

    @admin.action(description=_("Approve"), permissions=["change"])
    def approve(self, request, queryset):
        self._change_status(
            request,
            queryset,
            Comment.Status.APPROVED,
            lambda n: ngettext("%(count)d comment approved.", "%(count)d comments approved.", n),
        )

    @admin.action(description=_("Mark as spam"), permissions=["change"])
    def mark_as_spam(self, request, queryset):
        self._change_status(
            request,
            queryset,
            Comment.Status.SPAM,
            lambda n: ngettext("%(count)d comment marked as spam.", "%(count)d comments marked as spam.", n),
        )

    @admin.action(description=_("Move to trash"), permissions=["change"])
    def move_to_trash(self, request, queryset):
        self._change_status(
            request,
            queryset,
            Comment.Status.TRASH,
            lambda n: ngettext("%(count)d comment moved to the trash.", "%(count)d comments moved to the trash.", n),
        )

    @admin.action(description=_("Restore"), permissions=["change"])
    def restore(self, request, queryset):
        self._change_status(
            request,
            queryset,
            None,
            lambda n: ngettext("%(count)d comment restored.", "%(count)d comments restored.", n),
        )

    @admin.action(description=_("Dismiss reports"), permissions=["change"])
    def dismiss_reports(self, request, queryset):
        dismissed = comment_reports_dismiss(comments=queryset)
        self.message_user(
            request,
            ngettext("%(count)d report dismissed.", "%(count)d reports dismissed.", dismissed) % {"count": dismissed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Feature (approved comments only)"), permissions=["change"])
    def feature(self, request, queryset):
        changed = comment_set_featured(comments=queryset, featured=True)
        self.message_user(
            request,
            ngettext("%(count)d comment featured.", "%(count)d comments featured.", changed) % {"count": changed},
            messages.SUCCESS,
        )
        skipped = queryset.exclude(status=Comment.Status.APPROVED).count()
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d comment was not featured: it is not approved.",
                    "%(count)d comments were not featured: they are not approved.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Stop featuring"), permissions=["change"])
    def unfeature(self, request, queryset):
        changed = comment_set_featured(comments=queryset, featured=False)
        self.message_user(
            request,
            ngettext("%(count)d comment no longer featured.", "%(count)d comments no longer featured.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )
