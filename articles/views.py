import re
from datetime import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When, prefetch_related_objects
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from newsportal import freshness
from newsportal.compiled_queries import CompiledList, CompiledQuery
from newsportal.page_cache import page_number

from . import languages, live, rendering, structured_data
from .chrome import site_chrome
from .freshness import card_keys, in_language, listing_keys
from .models import (
    FAQ,
    Article,
    Author,
    Byline,
    Category,
    Correction,
    RelatedLink,
    Topic,
    bylines_prefetch,
    not_newer_than,
)
from .search import SearchForm, SearchResults, search
from .structured_data import absolute_url

ALSO_LIKE_COUNT = 10
HOME_BLOCK_SIZE = 4
PAGE_SUFFIX = re.compile(r"page/\d+/$")


class DeferredJoinPaginator(Paginator):
    """Fetches a page's ids first (an index-only scan), then only those rows.

    The number of articles, which takes a scan of the whole listing's index,
    is kept in the shared cache under the listing's keys (`count_cache`: the
    cache key, the freshness keys, the request), so it is counted once per
    change of the listing, not per page. So are the listing's *landmarks*:
    the `(published_at, id)` of every BOUNDARY_ROWS-th article; a deep page
    seeks to the landmark before it and skips at most BOUNDARY_ROWS entries.
    A landmark is found once per change of the listing, from the nearer end
    of the index (the older half is read from the oldest article), so no
    page ever skips more than half the listing.
    """

    BOUNDARY_ROWS = 1000
    NEWEST_FIRST = ("-published_at", "-id")

    def __init__(self, *args, count_cache=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_cache = count_cache

    @cached_property
    def count(self):
        if self.count_cache is None:
            return super().count
        key, keys, request = self.count_cache
        return freshness.cached(
            key,
            lambda: (super(DeferredJoinPaginator, self).count, keys),
            request=request,
            timeout=settings.CHROME_CACHE_SECONDS,
        )

    def page(self, number):
        if not isinstance(self.object_list, QuerySet) or self.object_list.query.distinct:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page + self.orphans, self.count)
        return self._get_page(self.object_list.filter(pk__in=self.page_ids(bottom, top)), number, self)

    def page_ids(self, bottom, top):
        """The ids of the listing's rows bottom..top (newest first), as a subquery."""
        landmark_row = bottom - bottom % self.BOUNDARY_ROWS
        if (
            landmark_row
            and self.count_cache is not None
            and tuple(self.object_list.query.order_by) == self.NEWEST_FIRST
        ):
            landmark = self.landmark(landmark_row)
            if landmark:
                after = self.object_list.filter(not_newer_than(*landmark[0]))
                return after.values("pk")[bottom - landmark_row : top - landmark_row]
        return self.rows(bottom, top).values("pk")

    def rows(self, bottom, top):
        """Rows bottom..top (newest first), skipped to from the nearer end of the index."""
        if bottom > self.count - top and self.object_list.ordered:
            return self.object_list.reverse()[self.count - top : self.count - bottom]
        return self.object_list[bottom:top]

    def landmark(self, row):
        key, keys, request = self.count_cache
        found = freshness.cached(
            f"{key}:row:{row}",
            lambda: (list(self.rows(row, row + 1).values_list("published_at", "pk")[:1]), keys),
            request=request,
            timeout=settings.CHROME_CACHE_SECONDS,
        )
        return found


class AuthorArticlesPaginator(DeferredJoinPaginator):
    """An author's articles, as the lead or a co-author, paged without reading their whole archive.

    "Lead OR co-author" cannot be read in date order from one index, so each
    page takes the newest `bottom + per_page` of each side from its own
    index (`Article.objects.by_author(newest=…)`) and keeps its window of
    their union; a deep page first seeks both sides to the landmark before
    it (found once per change of the listing), so it reads at most
    BOUNDARY_ROWS + per_page rows of each. The count adds up the two sides'
    counts (an article never names its lead among its co-authors:
    services.article_save), kept under the listing's keys as every listing's is.
    """

    def __init__(self, object_list, per_page, *, author, public, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.author, self.public = author, public

    @cached_property
    def count(self):
        if self.count_cache is None:
            return self.count_both_sides()
        key, keys, request = self.count_cache
        return freshness.cached(
            key, lambda: (self.count_both_sides(), keys), request=request, timeout=settings.CHROME_CACHE_SECONDS
        )

    def count_both_sides(self):
        co_written = Byline.objects.filter(author=self.author).values("article_id")
        leading = self.public.filter(author=self.author).order_by().count()
        return leading + self.public.filter(pk__in=co_written).exclude(author=self.author).order_by().count()

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page + self.orphans, self.count)
        # A deep page seeks to the landmark before it on both sides, as DeferredJoinPaginator does.
        before, skipped = None, 0
        landmark_row = bottom - bottom % self.BOUNDARY_ROWS
        if landmark_row and self.count_cache is not None:
            landmark = self.landmark(landmark_row)
            if landmark:
                before, skipped = tuple(landmark[0]), landmark_row
        window = self.public.by_author(self.author, newest=top - skipped, before=before).newest_first()
        ids = window.values("pk")[bottom - skipped : top - skipped]
        return self._get_page(self.public.filter(pk__in=ids).newest_first(), number, self)

    def rows(self, bottom, top):
        """Rows bottom..top of the author's articles, newest first (for a landmark)."""
        return self.public.by_author(self.author, newest=top).newest_first()[bottom:top]


class PublicListingMixin:
    """Paging shared by every listing of public articles.

    The page number comes from `…/page/<n>/` (or `?page=`); anything that is
    not a page of this listing is a 404, never a 500.
    """

    paginate_by = settings.ARTICLES_PER_PAGE
    paginator_class = DeferredJoinPaginator
    allow_empty = True
    context_object_name = "articles"

    def base_queryset(self):
        return Article.objects.published().in_language().for_listing().newest_first()

    def get_paginator(self, queryset, per_page, **kwargs):
        if self.count_is_kept:
            keys = self.listing_keys()
            key = f"articles:listing-count:{type(self).__name__}:{','.join(sorted(keys))}"
            kwargs["count_cache"] = (key, keys, self.request)
        return super().get_paginator(queryset, per_page, **kwargs)

    # Whether the listing's length is kept under its keys (not for search: every query is a list of its own).
    count_is_kept = True

    def get(self, request, *args, **kwargs):
        page = kwargs.get("page")
        if page == 1:
            # WordPress's rule: page one of a listing lives at the listing's own address.
            query = request.META.get("QUERY_STRING")
            return redirect(self.listing_url() + (f"?{query}" if query else ""), permanent=True)
        if page == 0:
            raise Http404("There is no page 0.")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        # Django's pagination already answers 404 for a page that is out of
        # range or not a number, from the URL or from `?page=`.
        context = super().get_context_data(**kwargs)
        freshness.shows(self.request, *self.shown_objects(), keys=self.listing_keys())
        page = context["page_obj"]
        context["listing_url"] = self.listing_url()
        context["page_query"] = self.page_query()
        context["canonical_url"] = absolute_url(
            self.listing_url() + (f"page/{page.number}/" if page.number > 1 else ""), self.request
        )
        context["page_range"] = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        context["language_versions"] = self.language_versions()
        return context

    def language_versions(self):
        """This listing's address in each language it exists in (articles/languages.py).

        The first page of a section's, topic's or author's listing exists in
        every language it has a public article in; any other page only here.
        """
        if self.listing_view_name is None or self.kwargs.get("page"):
            return {get_language(): self.request.path}
        return languages.listing_versions(
            self.request,
            self.shown_objects()[0],
            self.listing_view_name,
            lambda language: self.listing_keys(language=language),
        )

    # The URL name of the first page of a listing that exists in several languages.
    listing_view_name = None

    def page_query(self):
        """What the links to other pages carry after `page/<n>/`."""
        return ""

    def shown_objects(self):
        """The object whose listing this is (a category, topic, author), shown in its title bar."""
        return ()

    def listing_keys(self):
        """Which list of public articles this page shows (articles/freshness.py)."""
        return listing_keys()

    def listing_url(self):
        """The listing's first page, to which pagination appends `page/<n>/`."""
        return PAGE_SUFFIX.sub("", self.request.path)


class HomeView(PublicListingMixin, ListView):
    """The front page: a lead story, the latest stories and a block per category.

    `/?s=` is WordPress's search address; it is answered by the search view so
    old links and the header's search box keep working.
    """

    template_name = "articles/home.html"

    def dispatch(self, request, *args, **kwargs):
        if "s" in request.GET:
            return SearchView.as_view()(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        # The co-authors of the page's stories and of its section blocks come in one query (get_context_data).
        return super().base_queryset().prefetch_related(None)

    def get_queryset(self):
        return self.base_queryset()

    def language_versions(self):
        # Every language has a home page, however few stories it holds yet.
        page = self.kwargs.get("page")
        if page:
            return {get_language(): self.request.path}
        return languages.every_language("articles:home")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(is_home=True, **kwargs)
        shown = list(context["articles"])
        if context["page_obj"].number == 1:
            context["category_blocks"] = self.category_blocks(shown=shown)
            context["structured_data"] = structured_data.home_page(self.request)
        in_blocks = [article for block in context.get("category_blocks", ()) for article in block["articles"]]
        prefetch_related_objects([*shown, *in_blocks], bylines_prefetch())
        return context

    def category_blocks(self, shown):
        """The newest articles of every category that the lead and Latest Stories
        (`shown`) do not already show, in one query: a story appears once on the page."""
        categories = site_chrome(self.request)["menu_categories"]
        if not categories:
            return []
        public = (
            Article.objects.published().in_language().newest_first().exclude(pk__in=[article.pk for article in shown])
        )
        newest = self.base_queryset().among(
            *(public.filter(category_id=category.pk)[:HOME_BLOCK_SIZE] for category in categories)
        )
        by_category = {}
        for article in newest:
            by_category.setdefault(article.category_id, []).append(article)
        return [
            {"category": category, "articles": by_category[category.pk]}
            for category in categories
            if category.pk in by_category
        ]


class CategoryView(PublicListingMixin, ListView):
    template_name = "articles/category.html"
    listing_view_name = "articles:category"

    def get_queryset(self):
        self.category = get_object_or_404(
            Category.objects.with_public_articles(language=get_language()), slug=self.kwargs["slug"]
        )
        return self.base_queryset().filter(category=self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, current_category=self.category, **kwargs)

    def shown_objects(self):
        return (self.category,)

    def listing_keys(self, language=None):
        return listing_keys(category_id=self.category.pk, language=language)


class TopicView(PublicListingMixin, ListView):
    template_name = "articles/topic.html"
    listing_view_name = "articles:topic"

    def get_queryset(self):
        self.topic = get_object_or_404(
            Topic.objects.with_public_articles(language=get_language()), slug=self.kwargs["slug"]
        )
        return self.base_queryset().filter(Q(topic=self.topic) | Q(tags=self.topic)).distinct()

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)

    def shown_objects(self):
        return (self.topic,)

    def listing_keys(self, language=None):
        return listing_keys(topic_id=self.topic.pk, language=language)


class AuthorView(PublicListingMixin, ListView):
    template_name = "articles/author.html"
    listing_view_name = "articles:author"
    paginator_class = AuthorArticlesPaginator

    def get_queryset(self):
        self.author = get_object_or_404(
            Author.objects.with_public_articles(language=get_language()), slug=self.kwargs["slug"]
        )
        return self.base_queryset().by_author(self.author)

    def get_paginator(self, queryset, per_page, **kwargs):
        return super().get_paginator(queryset, per_page, author=self.author, public=self.base_queryset(), **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)

    def shown_objects(self):
        return (self.author,)

    def listing_keys(self, language=None):
        return listing_keys(author_id=self.author.pk, language=language)


class SearchView(PublicListingMixin, ListView):
    """Search results at `/?s=` and `/search/?q=`, filtered by `?category=` and `?author=` slugs.

    Ranked full text on PostgreSQL, a plain word match elsewhere (see
    articles/search.py). An unknown filter is a form error on a normal page.
    """

    template_name = "articles/search.html"
    count_is_kept = False

    def get_queryset(self):
        self.form = SearchForm(self.request.GET)
        self.query = ""
        if not self.form.is_valid():
            return SearchResults()
        self.query = self.form.cleaned_data["q"]
        return search(self.form.filter(Article.objects.published().in_language()), self.query, get_language())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, form=self.form, **kwargs)
        context["results"] = self.object_list
        context["canonical_url"] = None
        return context

    def listing_url(self):
        return reverse("articles:search")

    def listing_keys(self):
        return in_language({"search"})

    def page_query(self):
        query_string = self.form.query_string() if self.form.is_valid() else ""
        return f"?{query_string}" if query_string else ""


def sees_only_public_articles(user):
    """Whether `user` reads as the public does: anyone but staff who may change articles."""
    return not (user.is_authenticated and user.is_staff and user.has_perm("articles.change_article"))


def visible_articles(user):
    """Readers get published articles; the newsroom may also preview what is not public yet.

    Staff who may change articles see every draft and scheduled article
    when they may change everyone's, or else only those written under
    their own Author profile (as any of its authors); everyone else gets the 404 page.
    """
    if sees_only_public_articles(user):
        return Article.objects.published()
    if user.has_perm("articles.edit_all_articles"):
        return Article.objects.all()
    # Their own articles: as the lead or a co-author (a subquery, so no article comes twice).
    own = Article.objects.filter(Q(author__user=user) | Q(bylines__author__user=user)).values("pk")
    return Article.objects.published() | Article.objects.filter(pk__in=own)


def article_page_articles(articles, now=None):
    """`articles` with what the article page reads of one in the same query.

    Its live coverage, if any (a LEFT JOIN), and whether another language
    has the story, so that most articles need no query for their translations.
    """
    articles = articles.select_related("author", "category", "topic", "live_coverage")
    if languages.is_multilingual():
        articles = articles.annotate(has_other_language=languages.other_languages_exist(now))
    return articles


def public_article_page_articles(slug, language, now):
    """What a reader's article page reads: the article public at `now` with this slug in this language."""
    return article_page_articles(Article.objects.published(now).in_language(language).filter(slug=slug), now)


# A reader's article and the lists of its page, compiled to SQL once (newsportal/compiled_queries.py):
# the public article of a slug in a language, its co-authors, `article.faqs.all()` and the others.
PUBLIC_ARTICLE = CompiledQuery(public_article_page_articles, model=Article, slug=str, language=str, now=datetime)
ARTICLE_BYLINES = CompiledList(
    lambda article_id: bylines_prefetch().queryset.filter(article_id=article_id), parent_field="article"
)
ARTICLE_FAQS = CompiledList(lambda article_id: FAQ.objects.filter(article_id=article_id), parent_field="article")
ARTICLE_LINKS = CompiledList(
    lambda article_id: RelatedLink.objects.filter(article_id=article_id), parent_field="article"
)
ARTICLE_CORRECTIONS = CompiledList(
    lambda article_id: Correction.objects.filter(article_id=article_id), parent_field="article"
)


class ArticleDetailView(DetailView):
    """One article with its FAQs, related links, corrections and "You may also like".

    The number of queries does not depend on how many FAQs, links,
    corrections or comments the article has: each is one query.
    """

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        # The address names the language: `/es/<slug>/` is the Spanish article with that slug.
        return article_page_articles(visible_articles(self.request.user).in_language()).with_bylines()

    def get_object(self, queryset=None):
        if queryset is not None or not sees_only_public_articles(self.request.user):
            return super().get_object(queryset)
        # What the public reads: the same query as get_queryset's, its SQL compiled once.
        found = PUBLIC_ARTICLE.objects(
            shape=tuple(languages.site_languages()),
            slug=self.kwargs[self.slug_url_kwarg],
            language=get_language() or settings.LANGUAGE_CODE,
            now=timezone.now(),
        )
        if not found:
            raise Http404(f"No article has the address {self.request.path}")
        ARTICLE_BYLINES.prefetch_into(found[0])
        return found[0]

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.object.is_public:
            # A preview is for the newsroom's eyes only: never stored by us, a proxy or a browser.
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
            response["X-Robots-Tag"] = "noindex"
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        # "You may also like" is drawn from the newest articles.
        authors = article.authors
        freshness.shows(
            self.request,
            article,
            *authors,
            article.category,
            article.topic,
            keys={f"comments-{article.pk}", *in_language({"list"}, article.language)},
        )
        if not article.is_public:
            context["is_preview"] = True
            context["robots_noindex"] = True
        context["faqs"] = ARTICLE_FAQS.of(article)
        context["related_links"] = ARTICLE_LINKS.of(article)
        corrections = ARTICLE_CORRECTIONS.of(article)
        context["corrections_top"] = [note for note in corrections if note.placement == Correction.Placement.TOP]
        context["corrections_bottom"] = [note for note in corrections if note.placement != Correction.Placement.TOP]
        context["also_like"] = self.also_like(article)
        context["current_category"] = article.category
        context["canonical_url"] = absolute_url(article.get_absolute_url(), self.request)
        context["authors"] = authors
        context["author_urls"] = [absolute_url(author.get_absolute_url(), self.request) for author in authors]
        context["modified_at"] = structured_data.last_modified(article)
        if article.image is not None:
            context["image_url"] = absolute_url(article.image.share_url, self.request)
        context["structured_data"] = structured_data.article_page(
            article, context["faqs"], self.request, corrections=corrections
        )
        coverage = live.coverage_of(article)
        if coverage is not None:
            context.update(live.page_context(article, coverage, context["structured_data"], self.request))
        context["language_versions"] = languages.story_versions(self.request, article)
        context["is_article_page"] = True
        return context

    def also_like(self, article):
        """Other articles' cards, the same category first, newest first.

        Every article of a category shows the same list but for itself, so the
        list is built once per category and language (one more candidate than
        shown, to leave the article out), its cards written out, and kept
        under the freshness model.
        """
        cards = freshness.cached(
            f"articles:also-like:{article.category_id}:{article.language}",
            lambda: also_like_cards(article.category_id, article.language),
            request=self.request,
            timeout=settings.CHROME_CACHE_SECONDS,
        )
        return [card for card in cards if card.pk != article.pk][:ALSO_LIKE_COUNT]


def also_like_cards(category_id, language):
    """The candidates' cards as "You may also like" shows them, with the keys they show."""
    candidates, keys = also_like_candidates(category_id, language)
    cards = [
        rendering.Rendered.of(
            candidate,
            rendering.article_card(candidate, card_class="card--small", show_comment_count=False),
        )
        for candidate in candidates
    ]
    return cards, keys


def also_like_candidates(category_id, language):
    """The newest of the category and the newest overall in this language, the category's first; with their keys."""
    public = Article.objects.published().in_language(language).newest_first()
    wanted = ALSO_LIKE_COUNT + 1
    candidates = list(
        Article.objects.for_listing()
        .among(public.filter(category_id=category_id)[:wanted], public[:wanted])
        .annotate(
            same_category=Case(
                When(category_id=category_id, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("same_category", "-published_at", "-id")[:wanted]
    )
    keys = in_language({"list", f"list-category-{category_id}"}, language)
    for candidate in candidates:
        keys |= card_keys(candidate, with_comment_count=False)
    return candidates, keys


class CorrectionsView(PublicListingMixin, ListView):
    """Every correction and update of a public article, newest first, paged like a listing."""

    template_name = "articles/corrections.html"
    context_object_name = "corrections"

    def get_paginate_by(self, queryset):
        return settings.CORRECTIONS_PER_PAGE

    def get_queryset(self):
        # The notes of the articles in the reader's language, like every listing.
        return (
            Correction.objects.public()
            .filter(article__language=get_language())
            .newest_first()
            .select_related("article")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Each note names its article by its title.
        freshness.shows(self.request, *(note.article for note in context["corrections"]))
        return context

    def listing_keys(self):
        # Which notes are public changes whenever an article becomes public or stops being so ("list").
        return {"corrections", *in_language({"list"})}

    def listing_url(self):
        return reverse("articles:corrections")


def live_updates(request, slug):
    """The entries of a live article after `?after=<entry id>`, as JSON, for static/js/live.js.

    Each entry comes written out by the page's own template (escaped there),
    with whether it is a key event. A cached public page like the article's,
    under the same key; previews of drafts are for the newsroom only.
    """
    article = get_object_or_404(
        visible_articles(request.user).in_language().select_related("live_coverage"), slug=slug
    )
    coverage = live.coverage_of(article)
    if coverage is None:
        raise Http404("This article has no live coverage.")
    freshness.shows(request, article)
    after = int(page_number(request.GET.get("after", "")) or 0)
    response = JsonResponse(live.updates(article, coverage, after))
    if not article.is_public:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    response["X-Robots-Tag"] = "noindex"
    return response
