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
from media_library.models import MediaFile
from pages.models import Page


class WordPressPost(models.Model):
    site = models.CharField(_("WordPress site"), max_length=200)
    wp_id = models.PositiveBigIntegerField(_("WordPress post ID"))
    article = models.OneToOneField(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="wordpress_origin"
    )
    # The attachment whose picture the import made the article's featured image
    # (_thumbnail_id): a second import leaves it alone, and so an editor's later choice.
    featured_wp_id = models.PositiveBigIntegerField(_("WordPress featured image ID"), null=True, blank=True)

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


class WordPressAttachment(models.Model):
    site = models.CharField(_("WordPress site"), max_length=200)
    wp_id = models.PositiveBigIntegerField(_("WordPress attachment ID"))
    media = models.OneToOneField(
        MediaFile, verbose_name=_("media file"), on_delete=models.CASCADE, related_name="wordpress_origin"
    )

    class Meta:
        verbose_name = _("imported WordPress attachment")
        verbose_name_plural = _("imported WordPress attachments")
        constraints = [models.UniqueConstraint(fields=["site", "wp_id"], name="wordpress_attachment_once_per_site")]

    def __str__(self):
        return f"{self.site} attachment {self.wp_id}"


class OldAddress(models.Model):
    """An address the old site answered (`/?p=12`, `/2013/01/10/slug/`, `/?attachment_id=7`),
    answered here with a permanent redirect to what it showed (importers/middleware.py).

    The target is the object, not its address, so a redirect follows a later
    change of slug; one whose target is gone or not public is a 404.
    """

    address = models.CharField(_("old address"), max_length=500, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    page = models.ForeignKey(Page, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    media = models.ForeignKey(MediaFile, on_delete=models.CASCADE, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")

    def __str__(self):
        return self.address

    def target_url(self):
        if self.article_id:
            return self.article.get_absolute_url() if self.article.is_public else None
        if self.page_id:
            return self.page.get_absolute_url() if self.page.is_published else None
        if self.media_id:
            return self.media.url
        return None
