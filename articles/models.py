import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from newsportal.links import is_site_path, is_web_address

from .images import ArticleImage, PublicImageField
from .rendering import slug_url
from .sanitize import sanitize_body, sanitize_note


class ShownWithArticlesQuerySet(models.QuerySet):
    """Authors, categories and topics, which the public sees only once they have a public article.

    Until then their page, feeds, menu entry and search filter do not exist,
    as in the sitemaps: a section or topic made for an embargoed story does
    not give it away. One query still: the check is an EXISTS in the lookup.
    """

    # The Article fields that point at this model; any of them makes an article this object's.
    article_fields = ()

    def with_public_articles(self, language=None):
        """Those with a public article (in `language`, when given: a listing in that language)."""
        articles = Article.objects.published()
        if language is not None:
            articles = articles.in_language(language)
        return self.filter(self._has_any(articles))

    def public_languages(self, pk, languages):
        """Which of `languages` the object with this `pk` has a public article in (its listing exists there).

        One query whatever the number of languages: an EXISTS for each.
        """
        points_here = Q()
        for field in self.article_fields:
            points_here |= Q(**{field: OuterRef("pk")})
        public = Article.objects.published().filter(points_here)
        flags = {f"in_language_{number}": Exists(public.in_language(code)) for number, code in enumerate(languages)}
        row = self.filter(pk=pk).values(**flags).first() or {}
        return [code for number, code in enumerate(languages) if row.get(f"in_language_{number}")]

    def _has_any(self, articles):
        """Whether any of `articles` points at the object: an EXISTS per field, each read from its own index.

        One EXISTS over "lead OR co-author" would join every byline to every article and hash them all.
        """
        condition = Q()
        for field in self.article_fields:
            condition |= Q(Exists(articles.filter(**{field: OuterRef("pk")})))
        return condition


class AuthorQuerySet(ShownWithArticlesQuerySet):
    # The lead author, or any co-author of the byline.
    article_fields = ("author", "bylines__author")


class CategoryQuerySet(ShownWithArticlesQuerySet):
    article_fields = ("category",)


class TopicQuerySet(ShownWithArticlesQuerySet):
    article_fields = ("topic", "tags")


class Author(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    bio = models.TextField(_("bio"), blank=True)
    avatar = PublicImageField(
        _("avatar"), upload_to="authors/", blank=True, help_text=_("A JPEG, PNG, WebP or AVIF picture, square.")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
    )

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("articles:author", self.slug, get_language())

    @property
    def initials(self):
        return "".join(part[0] for part in self.name.split()[:2]).upper()

    @property
    def is_guest(self):
        """A guest contributor: a byline with no account in the newsroom (nobody signs in as them)."""
        return self.user_id is None


class Category(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    menu_order = models.PositiveSmallIntegerField(
        _("menu position"), default=0, help_text=_("Lower numbers come first in the menu.")
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["menu_order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("articles:category", self.slug, get_language())


class Topic(models.Model):
    """A tag. Every article has one primary topic and may carry more."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("articles:topic", self.slug, get_language())


def bylines_prefetch():
    """Co-authors with their names, in byline order, for `prefetch_related` (or `prefetch_related_objects`)."""
    return models.Prefetch("bylines", queryset=Byline.objects.select_related("author").order_by("position", "id"))


def not_newer_than(published_at, pk, *, time_field="published_at"):
    """The articles at or after (published_at, pk) in newest-first order, where a deep page's scan starts.

    The plain bound comes first, so that it is where the index scan starts; the OR settles ties.
    """
    return Q(**{f"{time_field}__lte": published_at}) & (
        Q(**{f"{time_field}__lt": published_at}) | Q(**{time_field: published_at, "pk__lte": pk})
    )


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """The one definition of "public": published, and its time has come (by `now`, the clock by default).

        A future `published_at` makes an article scheduled; it goes live on
        its own when the clock passes that time, with no job to run.
        """
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def in_language(self, language=None):
        """The articles written in `language` (by default the one being read, from the address)."""
        return self.filter(language=language or get_language() or settings.LANGUAGE_CODE)

    def for_listing(self):
        """What a card needs, without the heavy body: one query, and one more for every co-author of them all."""
        return self.select_related("author", "category", "topic").defer("body").with_bylines()

    def for_mini_items(self):
        """What a footer item needs (thumbnail, title, date): no byline."""
        return self.select_related("category").defer("body")

    def with_bylines(self):
        """The co-authors of every article in one query (`Article.authors` then reads them)."""
        return self.prefetch_related(bylines_prefetch())

    def by_author(self, author, *, newest=None, before=None):
        """The articles `author` wrote: as the lead (`Article.author`) or as a co-author (a Byline).

        With `newest`, only the newest that-many of them (not newer than
        `before`, a (publication time, id) landmark, when given), found by two
        short index scans (the lead's through `article_author_recent`, the
        co-written ones through `byline_author_recent`) joined by `among()`,
        so that neither reads the author's whole archive.
        """
        if newest is None:
            co_written = Byline.objects.filter(author=author).values("article_id")
            return self.filter(Q(author=author) | Q(pk__in=co_written))
        lead, co_written = Q(author=author), Q(bylines__author=author)
        if before is not None:
            lead &= not_newer_than(*before)
            co_written &= not_newer_than(*before, time_field="bylines__article_published_at")
        # One filter(): a second one would join the bylines again instead of bounding the same rows.
        return self.among(
            self.filter(lead).newest_first()[:newest],
            self.filter(co_written)
            .exclude(author=author)
            .order_by("-bylines__article_published_at", "-bylines__article_id")[:newest],
        )

    def newest_first(self):
        return self.order_by("-published_at", "-id")

    def among(self, *selections):
        """These articles, restricted to the union of a few small selections, in one query.

        Each selection (a sliced queryset such as a category's newest ten) is
        a small index scan of its own; UNION ALL joins their ids, so neither
        the filters nor the sorts ever touch the whole table. Each is wrapped
        in a derived table because SQLite allows LIMIT only there.
        """
        parts, params = [], []
        for number, selection in enumerate(selections):
            sql, selection_params = selection.values("pk").query.sql_with_params()
            parts.append(f"SELECT pk FROM ({sql}) AS selection_{number}")
            params.extend(selection_params)
        return self.filter(pk__in=RawSQL(" UNION ALL ".join(parts), params))


def language_choices():
    return settings.LANGUAGES


def default_language():
    return settings.LANGUAGE_CODE


# What a translator translates: a snapshot of these is kept with each
# translation, and a change to any of them in the source marks it "source changed".
TRANSLATABLE_FIELDS = ("title", "excerpt", "body", "featured_image_alt")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        # An author's draft that is ready for an editor; still not public.
        REVIEW = "review", _("Submitted for review")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(
        _("slug"),
        max_length=250,
        allow_unicode=True,
        help_text=_("Unique among the articles in the same language."),
    )
    # Each translation is an article of its own; the articles that are one
    # story in several languages share a translation key (as in Wagtail).
    language = models.CharField(
        _("language"), max_length=8, choices=language_choices, default=default_language, db_index=False
    )
    translation_key = models.UUIDField(_("translation group"), default=uuid.uuid4, editable=False)
    translation_source = models.ForeignKey(
        "self",
        verbose_name=_("translated from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="translations_made",
    )
    # The source's translatable fields when this translation was made or last
    # reviewed (articles.services.translation_snapshot): what changed since is their diff.
    source_snapshot = models.JSONField(_("source when translated"), default=dict, blank=True, editable=False)
    source_changed = models.BooleanField(
        _("source changed"),
        default=False,
        editable=False,
        help_text=_("The article this one was translated from has changed since it was translated or reviewed."),
    )
    # The lead author, first in the byline; co-authors follow in `bylines` (Byline's docstring says why).
    author = models.ForeignKey(
        Author,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="articles",
        help_text=_("The lead author, first in the byline."),
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="articles"
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("primary topic"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="primary_articles",
        help_text=_("Shown under the byline, in “FAQs about …” and “More about …”."),
    )
    tags = models.ManyToManyField(Topic, verbose_name=_("more topics"), blank=True, related_name="tagged_articles")
    excerpt = models.TextField(_("excerpt"), blank=True)
    body = models.TextField(_("body"), blank=True)
    featured_image = PublicImageField(
        _("featured image"),
        upload_to="articles/%Y/%m/",
        blank=True,
        help_text=_(
            "JPEG, PNG, WebP or AVIF, at least 1200 pixels wide for a sharp article page. "
            "Stored without the camera's metadata (GPS position, camera, dates)."
        ),
    )
    featured_image_alt = models.CharField(
        _("featured image alt text"),
        max_length=250,
        blank=True,
        help_text=_("What the picture shows, for readers who cannot see it. Required with an image."),
    )
    # Made once on upload by images.article_make_renditions(): the source's
    # name and size and its resized copies, so pages never resize anything.
    image_renditions = models.JSONField(_("image renditions"), default=dict, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publication time"),
        default=timezone.now,
        help_text=_("A time in the future schedules the article: it goes live on its own then."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    is_editors_pick = models.BooleanField(_("editors' pick"), default=False)
    comments_open = models.BooleanField(_("comments open"), default=True)
    # Kept up to date by the comments app, as WordPress keeps comment_count,
    # so that no listing needs a join or an aggregate.
    comment_count = models.PositiveIntegerField(_("approved comments"), default=0, editable=False)
    # Moved on by every change made through articles.services, in the change's
    # transaction: a form carries the one it was opened at, and its save is refused
    # when someone else saved in between (services.ArticleEditConflict).
    edit_version = models.PositiveIntegerField(_("edit version"), default=0, editable=False)
    # Set by services.article_break_news: the bar above every page's header links to the
    # article from `breaking_since` until `breaking_until` (the schedule drops it then).
    breaking_since = models.DateTimeField(_("breaking news since"), null=True, blank=True, editable=False)
    breaking_until = models.DateTimeField(_("breaking news until"), null=True, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(fields=["language", "slug"], name="article_slug_per_language"),
            models.UniqueConstraint(fields=["translation_key", "language"], name="article_one_per_language"),
        ]
        indexes = [
            models.Index(
                fields=["-published_at", "-id"],
                name="article_public_recent",
                condition=Q(status="published"),
            ),
            models.Index(
                fields=["category", "-published_at", "-id"],
                name="article_category_recent",
                condition=Q(status="published"),
            ),
            models.Index(
                fields=["author", "-published_at", "-id"],
                name="article_author_recent",
                condition=Q(status="published"),
            ),
            models.Index(
                fields=["topic", "-published_at", "-id"], name="article_topic_recent", condition=Q(status="published")
            ),
            models.Index(fields=["-published_at"], name="article_editors_picks", condition=Q(is_editors_pick=True)),
            models.Index(
                fields=["breaking_until"], name="article_breaking", condition=Q(breaking_until__isnull=False)
            ),
            # The sitemaps' last change.
            models.Index(fields=["-updated_at"], name="article_public_updated", condition=Q(status="published")),
            # A language's listings: the other languages' newer articles are never walked past.
            models.Index(
                fields=["language", "-published_at", "-id"],
                name="article_language_recent",
                condition=Q(status="published"),
            ),
            # The articles' sitemap: a page is a run of ids, read from this index alone (an index-only
            # scan) rather than from 50,000 rows of the table. Every column it writes is a key column,
            # not INCLUDE, which SQLite lacks; after the unique id PostgreSQL keeps them only in the leaves.
            models.Index(
                fields=["language", "id", "published_at", "updated_at", "translation_key", "slug"],
                name="article_sitemap",
                condition=Q(status="published"),
            ),
        ]
        permissions = [
            ("publish_article", _("Can publish, schedule and unpublish articles")),
            ("edit_all_articles", _("Can see and change every author's articles")),
            ("correct_article", _("Can add and withdraw corrections and updates of published articles")),
            ("break_news", _("Can mark published articles as breaking news")),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = sanitize_body(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("articles:detail", self.slug, self.language)

    def clean(self):
        super().clean()
        if self.slug in dict(settings.LANGUAGES):
            raise ValidationError({"slug": _("This address is a language's home page; choose another slug.")})
        if self.slug and Article.objects.filter(language=self.language, slug=self.slug).exclude(pk=self.pk).exists():
            raise ValidationError(
                {"slug": _("Another article in this language has this slug; choose another one.")},
                code="slug_taken",
            )
        if self.featured_image and not self.featured_image_alt.strip():
            raise ValidationError(
                {"featured_image_alt": _("Describe the image for readers who cannot see it (alt text).")}
            )

    @property
    def authors(self):
        """Everyone in the byline, in order: the lead author, then the co-authors.

        Reads the co-authors prefetched by `with_bylines()` (and
        `for_listing()`); without that it costs one query.
        """
        return [self.author, *(byline.author for byline in self.bylines.all() if byline.author_id != self.author_id)]

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def is_breaking(self):
        return self.is_public and self.breaking_until is not None and self.breaking_until > timezone.now()

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()

    @cached_property
    def image(self):
        """The featured image as templates use it (src, srcset, size, alt), or None."""
        return ArticleImage.for_article(self)

    @property
    def image_alt(self):
        """The editor's alt text. An image is saved with one (clean()); one stored without it, before that
        rule, falls back on the headline: never on the topic, a keyword that says nothing of the picture."""
        return self.featured_image_alt.strip() or self.title


class Byline(models.Model):
    """A co-author of an article, in the byline after the lead author (`Article.author`) at `position`.

    The lead stays a column of the article so that every single-author query,
    the listing indexes (`article_author_recent`) and every writer that only
    knows one author (imports, WordPress's `dc:creator`, bulk seeding) keep
    working unchanged; a row here exists only for a second, third … author.
    docs/bylines.md tells the whole shape.
    """

    # Each side is served by the composite index that starts with it (the constraint's, and Meta.indexes).
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="bylines", db_index=False
    )
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="bylines", db_index=False
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # The article's publication time, copied (services keep it in step), so that an author's co-written
    # articles are read newest first from one index, as the ones they lead are from article_author_recent.
    article_published_at = models.DateTimeField(editable=False)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("co-author")
        verbose_name_plural = _("co-authors")
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="byline_author_once")]
        # "Articles co-written by X", newest first (the author's page and feeds), or all of them (filters).
        indexes = [
            models.Index(fields=["author", "-article_published_at", "-article"], name="byline_author_recent"),
        ]

    def __str__(self):
        return self.author.name if self.author_id else ""

    def save(self, *args, **kwargs):
        # A co-author added in the admin's inline; article_save() copies a later change of the time.
        if self.article_published_at is None:
            self.article_published_at = self.article.published_at
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        article = getattr(self, "article", None)  # unset until the inline's article is known
        if article is not None and self.author_id is not None and self.author_id == article.author_id:
            raise ValidationError({"author": _("This is already the lead author.")})


class FAQ(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("FAQ")
        verbose_name_plural = _("FAQs")

    def __str__(self):
        return self.question


def validate_link_target(value):
    """Related reading links go to the web or to a page of ours, as a browser reads them (newsportal.links)."""
    if not (is_web_address(value) or is_site_path(value)):
        raise ValidationError(_("Enter a full http(s):// address or a path on this site starting with /."))


class RelatedLink(models.Model):
    """A "More about" link the editor chose for further reading."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_links")
    title = models.CharField(_("title"), max_length=250)
    url = models.CharField(
        _("URL"),
        max_length=500,
        validators=[validate_link_target],
        help_text=_("A full https:// address or a path on this site."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("related link")
        verbose_name_plural = _("related links")

    def __str__(self):
        return self.title


class CorrectionQuerySet(models.QuerySet):
    def public(self):
        """The notes readers see: those of public articles, withdrawn ones included (as a withdrawal note)."""
        return self.filter(article__in=Article.objects.published())

    def newest_first(self):
        return self.order_by("-published_at", "-id")


class Correction(models.Model):
    """A dated note on a published article: what was wrong and what is right, or what is new.

    Notes are never deleted (the admin offers no delete): withdrawing one keeps
    it, with who withdrew it, when and why, and readers see in its place that a
    correction of that date was withdrawn. Written only by articles.services.
    """

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")

    class Placement(models.TextChoices):
        TOP = "top", _("At the top of the article")
        BOTTOM = "bottom", _("At the bottom of the article")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(
        _("text"),
        help_text=_(
            "What was wrong and what is right (“An earlier version of this article said … It is …”), or what is new. "
            "Links, bold and italic are kept; any other markup is removed."
        ),
    )
    placement = models.CharField(_("placement"), max_length=10, choices=Placement.choices, default=Placement.BOTTOM)
    published_at = models.DateTimeField(_("date"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True, editable=False)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")
        indexes = [models.Index(fields=["-published_at", "-id"], name="correction_recent")]

    def __str__(self):
        return _("%(kind)s of %(date)s on “%(article)s”") % {
            "kind": self.get_kind_display(),
            "date": timezone.localtime(self.published_at).strftime("%Y-%m-%d %H:%M"),
            "article": self.article.title if self.article_id else "",
        }

    def save(self, *args, **kwargs):
        self.text = sanitize_note(self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#correction-{self.pk}"

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None


class LiveCoverage(models.Model):
    """An article's live coverage: since when it is live and, once ended, when it ended.

    Kept apart from Article so that the article page reads it in the article's
    own query (a LEFT JOIN) and an article's revisions know nothing of it.
    Ending it turns the page back into an ordinary article; its entries stay.
    """

    article = models.OneToOneField(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, primary_key=True, related_name="live_coverage"
    )
    started_at = models.DateTimeField(_("live since"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("live coverage")
        verbose_name_plural = _("live coverage")

    def __str__(self):
        return str(self.article)

    @property
    def is_live(self):
        return self.ended_at is None


class LiveEntryQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-created_at", "-id")

    def for_page(self):
        """What a shown entry needs (the byline of whoever wrote it), in the same query."""
        return self.select_related("created_by__author_profile").newest_first()


class LiveEntry(models.Model):
    """One short, timestamped update of a live article, with its own permalink (`#entry-<id>`)."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="live_entries"
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, editable=False, db_index=True)
    text = models.TextField(
        _("text"),
        help_text=_(
            "A few sentences. Links, bold, italic and line breaks are kept; anything else is removed on save."
        ),
    )
    image = PublicImageField(
        _("image"),
        upload_to="live/%Y/%m/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
        help_text=_("Optional. JPEG, PNG, WebP or AVIF, stored without the camera's metadata."),
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(
        _("image alt text"),
        max_length=250,
        blank=True,
        help_text=_("What the picture shows, for readers who cannot see it. Required with an image."),
    )
    is_key_event = models.BooleanField(
        _("key event"), default=False, help_text=_("Listed in the key events summary at the top of the page.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = LiveEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("live entry")
        verbose_name_plural = _("live entries")
        indexes = [models.Index(fields=["article", "-created_at", "-id"], name="liveentry_article_recent")]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.text = sanitize_note(self.text)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not strip_tags(sanitize_note(self.text)).strip():
            raise ValidationError({"text": _("Write what happened: the entry has no text.")})
        if self.image and not self.image_alt.strip():
            raise ValidationError({"image_alt": _("Describe the image for readers who cannot see it (alt text).")})

    @property
    def plain_text(self):
        return " ".join(strip_tags(self.text.replace("<br>", " ")).split())

    @property
    def headline(self):
        """Its first sentence, at most HEADLINE_MAX_LENGTH characters: as key events and search engines show it."""
        return entry_headline(self.plain_text)

    @property
    def writer(self):
        """The Author profile of whoever wrote it, shown as its byline; None for a user without one."""
        if self.created_by_id is None:
            return None
        try:
            return self.created_by.author_profile
        except Author.DoesNotExist:
            return None


# Google's limit for an article's (and a live update's) headline.
HEADLINE_MAX_LENGTH = 110
SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def entry_headline(text):
    first = SENTENCE_END.split(text, maxsplit=1)[0]
    if len(first) <= HEADLINE_MAX_LENGTH:
        return first
    return first[: HEADLINE_MAX_LENGTH - 1].rsplit(" ", 1)[0] + "…"
