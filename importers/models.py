"""Which WordPress post, page or comment became which article, page or comment.

WordPress numbers its posts and comments; a reply names its parent by that
number (comment_parent). Keeping the numbers here, rather than as columns on
Article and Comment, leaves those models free of a migration-only concern and
lets a later import of the same site find what it imported before: it updates
instead of duplicating. The site is part of the key because two WordPress
sites number from 1 alike.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from comments.models import Comment
from pages.models import Page


class WordPressPost(models.Model):
    site = models.CharField(_("WordPress site"), max_length=200)
    wp_id = models.PositiveBigIntegerField(_("WordPress post ID"))
    article = models.OneToOneField(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="wordpress_origin"
    )

    class Meta:
        verbose_name = _("imported WordPress post")
        verbose_name_plural = _("imported WordPress posts")
        constraints = [models.UniqueConstraint(fields=["site", "wp_id"], name="wordpress_post_once_per_site")]

    def __str__(self):
        return f"{self.site} post {self.wp_id}"


class WordPressComment(models.Model):
    site = models.CharField(_("WordPress site"), max_length=200)
    wp_id = models.PositiveBigIntegerField(_("WordPress comment ID"))
    comment = models.OneToOneField(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="wordpress_origin"
    )

    class Meta:
        verbose_name = _("imported WordPress comment")
        verbose_name_plural = _("imported WordPress comments")
        constraints = [models.UniqueConstraint(fields=["site", "wp_id"], name="wordpress_comment_once_per_site")]

    def __str__(self):
        return f"{self.site} comment {self.wp_id}"


class WordPressPage(models.Model):
    site = models.CharField(_("WordPress site"), max_length=200)
    wp_id = models.PositiveBigIntegerField(_("WordPress page ID"))
    page = models.OneToOneField(
        Page, verbose_name=_("page"), on_delete=models.CASCADE, related_name="wordpress_origin"
    )

    class Meta:
        verbose_name = _("imported WordPress page")
        verbose_name_plural = _("imported WordPress pages")
        constraints = [models.UniqueConstraint(fields=["site", "wp_id"], name="wordpress_page_once_per_site")]

    def __str__(self):
        return f"{self.site} page {self.wp_id}"
