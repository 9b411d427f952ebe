"""Article search: ranked full text on PostgreSQL, a plain word match on SQLite.

PostgreSQL
    Every article carries a stored `search_vector` (title A; excerpt and
    topics B; authors C; body D) kept in sync by triggers and indexed with GIN
    (migration 0002 says why it is not a model field). The reader's words go
    through `websearch_to_tsquery`, which accepts any text: quotes make a
    phrase, `-word` excludes, `or` means either, stray operators are only
    separators.

    Matches are ranked with `ts_rank` (so a title match beats a match in the
    body only), then newest first. Ranking reads each match's vector, about
    20 µs a row; a common word matches most of the archive, and ranking
    100,000 rows would take seconds. So at most CANDIDATE_LIMIT matches are
    ranked: the newest ones. They are found inside the GIN index, which also
    holds each article's publication day: first among the 1,200 newest
    articles, then the 6,000 and 30,000 newest, then all, stopping at the
    first window that holds enough matches (and skipping the windows that,
    at the density of matches seen so far, would not). Each step reads only a few
    thousand rows, so the page answers in tens of milliseconds whatever the
    words (bench/search_latency.py measures it).

SQLite
    Every word must appear in the title, excerpt, body, topic or an author's name;
    title matches come first, then the newest.

Either way a results page fetches only its own articles, with highlighted
snippets computed for those rows alone.
"""

import html
import re
from datetime import UTC
from urllib.parse import urlencode

from django import forms
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, DateField, Func, IntegerField, Q, Subquery, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import Article, Author, Byline, Category

SEARCH_CONFIG = "english"
# Each language's text-search configuration, as migration 0007's trigger builds
# the article's vector with it: the same stemmer reads the words and the article.
SEARCH_CONFIGS = {"en": "english", "es": "spanish", "fr": "french"}
# PostgreSQL has no Arabic stemmer: plain lower-cased words (and any language not listed).
OTHER_LANGUAGES_CONFIG = "simple"
MAX_QUERY_LENGTH = 200
# At most this many matches are ranked and listed (the newest ones).
CANDIDATE_LIMIT = 300
# The newest this-many public articles are searched first (see the module docstring).
WINDOW_SIZES = (4 * CANDIDATE_LIMIT, 20 * CANDIDATE_LIMIT, 100 * CANDIDATE_LIMIT)
WINDOWS_CACHE_KEY = "articles:search-windows"
WINDOWS_CACHE_SECONDS = 600
# Private-use characters mark the matches inside PostgreSQL's headline; the
# text around them is escaped, then they become the only markup we emit.
MARK_START = "\ue000"
MARK_STOP = "\ue001"
SNIPPET_WORDS = 30
FALLBACK_WORD_LIMIT = 10
WORD = re.compile(r"\w+")


def full_text_available():
    return connection.vendor == "postgresql"


def clean_query(raw):
    """What we search for: no NUL bytes, single spaces, at most MAX_QUERY_LENGTH characters."""
    return " ".join((raw or "").replace("\x00", " ").split())[:MAX_QUERY_LENGTH].strip()


class SearchTextField(forms.CharField):
    """Any text is a valid search: NUL bytes are dropped and long text is cut, never refused."""

    def to_python(self, value):
        return clean_query(super().to_python(value))


class SearchForm(forms.Form):
    """The search page's words and filters. `/?s=` (WordPress's name for the words) is read as `q`."""

    q = SearchTextField(
        label=_("Search the news"),
        required=False,
        widget=forms.SearchInput(attrs={"maxlength": MAX_QUERY_LENGTH}),
    )
    category = forms.ModelChoiceField(
        label=_("Section"),
        queryset=Category.objects.with_public_articles(),
        to_field_name="slug",
        required=False,
        empty_label=_("All sections"),
    )
    author = forms.ModelChoiceField(
        label=_("Author"),
        queryset=Author.objects.with_public_articles(),
        to_field_name="slug",
        required=False,
        empty_label=_("All authors"),
    )

    def __init__(self, data, **kwargs):
        if "q" not in data and "s" in data:
            data = data.copy()
            data["q"] = data["s"]
        super().__init__(data, **kwargs)

    def filter(self, queryset):
        """`queryset` narrowed to the chosen section and author (call after is_valid())."""
        if category := self.cleaned_data.get("category"):
            queryset = queryset.filter(category=category)
        if author := self.cleaned_data.get("author"):
            queryset = queryset.by_author(author)
        return queryset

    def query_string(self):
        """The search and its filters, for links to the other pages of results."""
        data = self.cleaned_data
        pairs = {
            "q": data.get("q"),
            "category": data["category"].slug if data.get("category") else None,
            "author": data["author"].slug if data.get("author") else None,
        }
        return urlencode({name: value for name, value in pairs.items() if value})


class SearchResults:
    """Ranked matches, as a sequence Django's Paginator can page through.

    The ranking is known up front as a list of ids; slicing fetches just
    those articles, ready for a card, with their highlighted snippets.
    """

    def __init__(self, ids=(), text="", *, capped=False, config=SEARCH_CONFIG):
        self.ids = list(ids)
        self.text = text
        self.config = config
        # True when more than `limit` articles matched and only the newest `limit` are listed.
        self.capped = capped
        self.limit = CANDIDATE_LIMIT

    def count(self):
        return len(self.ids)

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("Search results are read a page (a slice) at a time.")
        return page_articles(self.ids[index], self.text, self.config)


def search_config(language):
    return SEARCH_CONFIGS.get(language or "en", OTHER_LANGUAGES_CONFIG)


def search(queryset, text, language=None):
    """The public articles of `queryset` (written in `language`) that match `text`, best first, as SearchResults."""
    if not text:
        return SearchResults()
    config = search_config(language)
    if full_text_available():
        ids, capped = _ranked_ids_postgresql(queryset, text, config)
    else:
        ids, capped = _ranked_ids_fallback(queryset, text)
    return SearchResults(ids, text, capped=capped, config=config)


# --- PostgreSQL -------------------------------------------------------------


def stored_search_vector():
    """The PostgreSQL-only `search_vector` column, as an expression the ORM can filter and rank on."""
    return RawSQL(f'"{Article._meta.db_table}"."search_vector"', (), output_field=SearchVectorField())


def search_published_on():
    """The publication day (UTC) that only the search index holds (see migration 0002)."""
    return RawSQL(f'"{Article._meta.db_table}"."search_published_on"', (), output_field=DateField())


def web_search_query(text, config=SEARCH_CONFIG):
    return SearchQuery(text, search_type="websearch", config=config)


def utc_day(moment):
    return moment.astimezone(UTC).date()


def window_starts():
    """When the 1,200th, 6,000th and 30,000th newest public articles came out (None: fewer exist).

    Cached for a while: a window that has grown a little since only means a
    little more work, never a wrong result, as every match newer than a
    window's start is in the window.
    """
    starts = cache.get(WINDOWS_CACHE_KEY)
    if starts is None:
        newest = Article.objects.published().order_by("-published_at", "-id").values("published_at")
        starts = {f"start_{size}": Subquery(newest[size - 1 : size]) for size in WINDOW_SIZES}
        row = Article.objects.order_by().annotate(**starts).values_list(*starts).first()
        starts = list(row) if row else [None] * len(WINDOW_SIZES)
        cache.set(WINDOWS_CACHE_KEY, starts, WINDOWS_CACHE_SECONDS)
    return starts


def _ranked_ids_postgresql(queryset, text, config):
    query = web_search_query(text, config)
    matches = queryset.alias(search_vector=stored_search_vector(), search_published_on=search_published_on()).filter(
        search_vector=query
    )
    windows = [(size, start) for size, start in zip(WINDOW_SIZES, window_starts(), strict=True) if start is not None]
    windows.append((None, None))
    with transaction.atomic():
        # The windows keep every step small; a sequential scan would test
        # each row's vector (a TOAST read apiece), so it is never the cheap
        # plan the planner takes it for.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        size, start = windows.pop(0)
        while True:
            # A window is whole days: every article outside it is older than every article in it.
            in_window = matches if start is None else matches.filter(search_published_on__gte=utc_day(start))
            # Ordered by the day first, which no btree holds, so that the planner cannot walk
            # the date index instead of asking the GIN index.
            newest = list(
                in_window.order_by("-search_published_on", "-published_at", "-id").values_list("pk", flat=True)[
                    : CANDIDATE_LIMIT + 1
                ]
            )
            if len(newest) > CANDIDATE_LIMIT or start is None:
                break
            # Skip the windows that, at this window's density of matches, would not hold enough either.
            while windows[0][0] is not None and len(newest) * windows[0][0] / size < CANDIDATE_LIMIT:
                windows.pop(0)
            size, start = windows.pop(0)
    capped = len(newest) > CANDIDATE_LIMIT
    newest = newest[:CANDIDATE_LIMIT]
    if not newest:
        return [], False
    ranked = (
        Article.objects.filter(pk__in=newest)
        .annotate(rank=SearchRank(stored_search_vector(), query))
        .order_by("-rank", "-published_at", "-id")
        .values_list("pk", flat=True)
    )
    return list(ranked), capped


# --- SQLite -----------------------------------------------------------------


def _ranked_ids_fallback(queryset, text):
    """Every word must appear somewhere; articles with the words in their title come first."""
    words = WORD.findall(text)[:FALLBACK_WORD_LIMIT]
    if not words:
        return [], False
    matches = Q()
    title_hits = Value(0)
    for word in words:
        matches &= (
            Q(title__icontains=word)
            | Q(excerpt__icontains=word)
            | Q(body__icontains=word)
            | Q(topic__name__icontains=word)
            | Q(author__name__icontains=word)
            | Q(pk__in=Byline.objects.filter(author__name__icontains=word).values("article_id"))
        )
        title_hits = title_hits + Case(When(title__icontains=word, then=1), default=0, output_field=IntegerField())
    ids = list(
        queryset.filter(matches)
        .annotate(title_hits=title_hits)
        .order_by("-title_hits", "-published_at", "-id")
        .values_list("pk", flat=True)[: CANDIDATE_LIMIT + 1]
    )
    return ids[:CANDIDATE_LIMIT], len(ids) > CANDIDATE_LIMIT


# --- One page of results ----------------------------------------------------


def page_articles(ids, text, config=SEARCH_CONFIG):
    """The articles `ids`, in that order, each with a highlighted `marked_title` and `snippet`.

    One query, whatever the page's length; the highlighting runs on these
    rows only. Both values are safe HTML: every character of the article is
    escaped and only <mark> is ours.
    """
    if not ids:
        return []
    rows = Article.objects.published().select_related("author", "category", "topic").with_bylines().filter(pk__in=ids)
    if full_text_available():
        query = web_search_query(text, config)
        rows = rows.defer("body").annotate(
            title_headline=SearchHeadline(
                "title", query, config=config, start_sel=MARK_START, stop_sel=MARK_STOP, highlight_all=True
            ),
            body_headline=SearchHeadline(
                StripTags("body"),
                query,
                config=config,
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_words=SNIPPET_WORDS,
                min_words=SNIPPET_WORDS // 2,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        by_id = {article.pk: article for article in rows}
        for article in by_id.values():
            article.marked_title = render_marked(article.title_headline, from_html=False)
            article.snippet = render_marked(article.body_headline, from_html=True)
    else:
        words = [word.casefold() for word in WORD.findall(text)[:FALLBACK_WORD_LIMIT]]
        by_id = {article.pk: article for article in rows}
        for article in by_id.values():
            article.marked_title = render_marked(mark_words(article.title, words), from_html=False)
            snippet = excerpt_around(body_text(article.body), words)
            article.snippet = render_marked(mark_words(snippet, words), from_html=False)
    return [by_id[pk] for pk in ids if pk in by_id]


class StripTags(Func):
    """The text of sanitised HTML, for the headline (entities are decoded in Python)."""

    function = "regexp_replace"
    output_field = TextField()

    def __init__(self, expression):
        super().__init__(expression, Value("<[^>]*>"), Value(" "), Value("g"))


def render_marked(text, *, from_html):
    """Escape everything but the match markers, which become <mark> elements."""

    def plain(part):
        if from_html:
            part = html.unescape(part)
        part = part.replace(MARK_START, "").replace(MARK_STOP, "")
        return escape(re.sub(r"\s+", " ", part))

    first, *marked_parts = (text or "").split(MARK_START)
    pieces = [plain(first)]
    for part in marked_parts:
        marked, _, rest = part.partition(MARK_STOP)
        pieces.append(f"<mark>{plain(marked)}</mark>{plain(rest)}")
    return mark_safe("".join(pieces).strip())  # every piece of text above is escaped


def body_text(body):
    return " ".join(html.unescape(strip_tags(body or "")).split())


def excerpt_around(text, words, length=SNIPPET_WORDS):
    """About `length` words of `text`, starting a little before the first searched word."""
    tokens = text.split()
    first = next(
        (i for i, token in enumerate(tokens) if any(word in token.casefold() for word in words)),
        0,
    )
    start = max(0, first - length // 3)
    excerpt = " ".join(tokens[start : start + length])
    return ("… " if start else "") + excerpt + (" …" if start + length < len(tokens) else "")


def mark_words(text, words):
    """Wrap every occurrence of the searched words in the match markers (case-insensitive)."""
    if not words:
        return text
    pattern = re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    return pattern.sub(lambda match: f"{MARK_START}{match.group(0)}{MARK_STOP}", text)
