"""Sitemaps: an index over articles, categories, topics and authors, and a Google News sitemap.

Only public pages are listed: published articles whose time has come, and
the categories, topics and authors that have at least one of them (a draft's
topic is not announced before its story is out). Each section pages itself
past `limit` URLs (50,000, the protocol's maximum; 10,000 for articles) as
`?p=<n>`, and the index names every page. The articles' pages are ranges of
ids (`IdRangePaginator`) read from an index of their own (`article_sitemap`),
so that the last page of a million articles costs what the first does.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, Subquery
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from newsportal.text import strip_unsafe_text

from .languages import is_multilingual, site_languages
from .models import Article, Author, Category, Topic
from .structured_data import absolute_url, last_modified

NEWS_WINDOW = timedelta(hours=48)
NEWS_MAX_URLS = 1000  # Google News reads at most this many per sitemap


class PublicSitemap(Sitemap):
    """Addresses on `SITE_URL` when it is set, else on the host the sitemap was asked for."""

    def get_protocol(self, protocol=None):
        if settings.SITE_URL:
            return urlsplit(settings.SITE_URL).scheme
        return super().get_protocol(protocol)

    def get_domain(self, site=None):
        if settings.SITE_URL:
            return urlsplit(settings.SITE_URL).netloc
        return super().get_domain(site)


class IdRangePaginator(Paginator):
    """Page n holds the rows whose id is in the n-th run of per_page ids from the lowest: at most per_page.

    Neither counting a million rows nor skipping them (OFFSET) is needed: the
    number of pages comes from the lowest and highest ids, and a page is one
    range scan of the primary key, as cheap for the last page as for the
    first. A page keeps its addresses as articles are added; a run of ids
    with no public article left in it is an empty page.
    """

    @cached_property
    def id_range(self):
        ids = self.object_list.values_list("pk", flat=True)
        lowest = ids.order_by("pk").first()
        return (lowest, ids.order_by("-pk").first()) if lowest is not None else (1, 0)

    @cached_property
    def num_pages(self):
        lowest, highest = self.id_range
        return max(1, -(-(highest - lowest + 1) // self.per_page))

    @cached_property
    def count(self):
        lowest, highest = self.id_range
        return highest - lowest + 1

    def page(self, number):
        number = self.validate_number(number)
        start = self.id_range[0] + (number - 1) * self.per_page
        rows = self.object_list.filter(pk__gte=start, pk__lt=start + self.per_page)
        return self._get_page(rows, number, self)


def public_in_site_languages():
    """Published articles in the languages the site is read in (an article in another has no address)."""
    return Article.objects.published().filter(language__in=site_languages())


class ArticleSitemap(PublicSitemap):
    """Every public article, each with its public translations as `xhtml:link` alternates."""

    # A page of 50,000 reads 50,000 index entries and its alternates another pass: about 60 ms each
    # at a million articles (docs/PERFORMANCE.md), and half a minute of Python to write. A page of
    # 10,000 keeps both within a crawler's patience; the index lists five times as many pages.
    limit = 10_000

    def items(self):
        # Ordered by id, so that a page of the sitemap keeps its URLs as new articles arrive.
        return (
            public_in_site_languages()
            .only("slug", "published_at", "updated_at", "language", "translation_key")
            .order_by("pk")
        )

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        if not is_multilingual():
            return urls
        groups = {}
        for url in urls:
            groups.setdefault(url["item"].translation_key, {})[url["item"].language] = url["location"]
        for member in self.translations_of(self.paginator.page(page).object_list):
            groups.setdefault(member.translation_key, {})[member.language] = (
                f"{protocol}://{domain}{member.get_absolute_url()}"
            )
        for url in urls:
            versions = groups[url["item"].translation_key]
            if len(versions) < 2:
                continue
            ordered = [(code, versions[code]) for code in site_languages() if code in versions]
            url["alternates"] = [{"location": location, "lang_code": code} for code, location in ordered]
            url["alternates"].append({"location": ordered[0][1], "lang_code": "x-default"})
        return urls

    @staticmethod
    def translations_of(rows):
        """The public articles that share a translation group with one of `rows`, in one query.

        A group holds one article per language (`article_one_per_language`),
        so a row in the first language can only have siblings in the others:
        those are matched against the page's rows with a hash (the other
        languages' articles are few where most is in the first language), and
        only the page's rows in other languages are looked up one by one for a
        sibling in the first. Matching every row of the page by its key instead
        costs a lookup per row: 0.4-1.3 s for 50,000 at a million articles.
        """
        first, *others = site_languages()
        public = public_in_site_languages().order_by().only("slug", "language", "translation_key")
        in_other_languages = public.filter(language__in=others, translation_key__in=rows.values("translation_key"))
        first_of_others = public.filter(
            language=first, translation_key__in=rows.filter(language__in=others).values("translation_key")
        )
        return in_other_languages.union(first_of_others, all=True).order_by()

    @cached_property
    def paginator(self):
        # Kept for the request (each builds its own sitemap): the page's rows are read again for the alternates.
        return IdRangePaginator(self._items(), self.limit)

    def lastmod(self, article):
        return last_modified(article)

    def get_latest_lastmod(self):
        # One query each, so that each is the first row of an index (not a scan of every public article).
        public = public_in_site_languages()
        latest = [
            public.order_by("-updated_at").values_list("updated_at", flat=True).first(),
            public.order_by("-published_at").values_list("published_at", flat=True).first(),
        ]
        return max(filter(None, latest), default=None)


def latest_public(articles):
    """The newest publication time among `articles`, for a listing's lastmod."""
    return Subquery(articles.order_by("-published_at").values("published_at")[:1])


class ListingSitemap(PublicSitemap):
    """Listings that show at least one public article; their lastmod is their newest article's time."""

    def lastmod(self, listing):
        return listing.latest_article

    def get_latest_lastmod(self):
        return max((listing.latest_article for listing in self.items()), default=None)


class CategorySitemap(ListingSitemap):
    def items(self):
        latest = latest_public(Article.objects.published().filter(category=OuterRef("pk")))
        return Category.objects.annotate(latest_article=latest).filter(latest_article__isnull=False).order_by("pk")


class TopicSitemap(ListingSitemap):
    def items(self):
        public = Article.objects.published().filter(Q(topic=OuterRef("pk")) | Q(tags=OuterRef("pk")))
        return (
            Topic.objects.annotate(latest_article=latest_public(public))
            .filter(latest_article__isnull=False)
            .order_by("pk")
        )


class AuthorSitemap(ListingSitemap):
    def items(self):
        # As the lead or a co-author.
        public = Article.objects.published().filter(Q(author=OuterRef("pk")) | Q(bylines__author=OuterRef("pk")))
        return (
            Author.objects.annotate(latest_article=latest_public(public))
            .filter(latest_article__isnull=False)
            .order_by("pk")
        )


SITEMAPS = {
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "topics": TopicSitemap,
    "authors": AuthorSitemap,
}


@x_robots_tag
def sitemap_index(request):
    """Like Django's index view, but with addresses on `SITE_URL` when it is set."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = absolute_url(reverse("sitemap-section", kwargs={"section": section}), request)
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, lastmod))
        entries.extend(
            SitemapIndexItem(f"{location}?p={page}", lastmod) for page in range(2, sitemap.paginator.num_pages + 1)
        )
    return xml_response("sitemap_index.xml", {"sitemaps": entries})


@x_robots_tag
def news_sitemap(request):
    """The articles of the last 48 hours, in Google News's sitemap format."""
    articles = (
        public_in_site_languages()
        .filter(published_at__gte=timezone.now() - NEWS_WINDOW)
        .only("slug", "title", "published_at", "language")
        .newest_first()[:NEWS_MAX_URLS]
    )
    entries = [
        {
            "location": absolute_url(article.get_absolute_url(), request),
            "article": article,
            "title": strip_unsafe_text(article.title),
        }
        for article in articles
    ]
    context = {"entries": entries, "publication_name": settings.SITE_NAME}
    return xml_response("articles/news_sitemap.xml", context)


def xml_response(template_name, context):
    """Rendered without the request, so that no context processor (the page chrome) runs for XML."""
    return HttpResponse(render_to_string(template_name, context), content_type="application/xml")
