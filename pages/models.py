"""Static pages ("About", "Contact", "Privacy policy"), at `/<slug>/` and under a parent, `/about/team/`.

An article keeps `/<slug>/`: a top-level page is only reached when no
article answers there, and a page may not take an article's slug (the form
says so). A page's address must not belong to any other part of the site
(`/search/`, `/category/…/`, an article's `…/feed/`) either.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from articles.sanitize import sanitize_body

MAX_DEPTH = 5
# The views a page's address may resolve to: the article address (a top-level
# slug no article has) and the page address itself.
PAGE_ADDRESS_VIEWS = {"articles:detail", "pages:detail"}


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def in_footer(self):
        return self.published().filter(show_in_footer=True).order_by("footer_order", "title", "pk")


class Page(models.Model):
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(
        _("slug"), max_length=100, allow_unicode=True, help_text=_("The last part of the page's address.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent page"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("A page under another one has its address under it: /about/team/."),
    )
    # The whole address without its slashes ("about/team"), kept so that a
    # request finds its page in one indexed query.
    path = models.CharField(_("address"), max_length=600, unique=True, editable=False)
    body = models.TextField(_("body"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    show_in_footer = models.BooleanField(_("show in footer"), default=False)
    footer_order = models.PositiveSmallIntegerField(
        _("footer position"), default=0, help_text=_("Lower numbers come first in the footer.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = sanitize_body(self.body)
        self.path = self.full_path()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"/{self.path}/"

    def full_path(self):
        return f"{self.parent.path}/{self.slug}" if self.parent_id else self.slug

    def clean(self):
        super().clean()
        if not self.slug:
            return
        ancestor, depth = self.parent, 1
        while ancestor is not None:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A page cannot be under itself or under one of its own pages.")})
            ancestor, depth = ancestor.parent, depth + 1
        if depth > MAX_DEPTH:
            raise ValidationError({"parent": _("Pages can be nested at most %(n)s deep.") % {"n": MAX_DEPTH}})
        path = self.full_path()
        if Page.objects.filter(path=path).exclude(pk=self.pk).exists():
            raise ValidationError({"slug": _("Another page has the address /%(path)s/ already.") % {"path": path}})
        if not self.parent_id and Article.objects.filter(slug=self.slug).exists():
            raise ValidationError(
                {"slug": _("An article has the address /%(slug)s/ already; choose another slug.") % {"slug": path}}
            )
        if address_owner(path) not in PAGE_ADDRESS_VIEWS:
            raise ValidationError(
                {"slug": _("The address /%(path)s/ belongs to another part of the site.") % {"path": path}}
            )


def address_owner(path):
    try:
        return resolve(f"/{path}/").view_name
    except Resolver404:
        return None
