"""The read-only content API, /api/v1/: articles, their comments, categories, topics, authors and search.

Built with django-ninja (docs/api.md says why): each operation declares its
parameters and its answer as types, from which come the validation (a 400
naming the parameter), the OpenAPI document and the docs page. Answers are
public pages (newsportal/page_cache.py): the same for everyone, stored once,
dropped by the freshness keys of what they show. api/urls.py joins them to
the page cache; api/middleware.py adds CORS, rate limits and JSON errors.
"""

import math
from datetime import UTC, datetime
from typing import Literal

from django.conf import settings
from django.db.models.functions import Greatest
from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI, Path, Query, Schema
from ninja.errors import ValidationError
from pydantic import Field

from articles.freshness import in_language, listing_keys
from articles.models import Article, Author, Category, Topic
from articles.search import MAX_QUERY_LENGTH, SearchForm, search
from articles.structured_data import absolute_url
from newsportal import freshness

from . import schemas
from .content import (
    approved_thread,
    article_data,
    articles_in_order,
    author_data,
    category_data,
    comment_data,
    public_articles,
    topic_data,
    with_topic,
)
from .errors import ApiError, error_response, invalid, not_found

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 10_000_000
MAX_ID = 2**63 - 1
# A date, or a date and time with an optional offset: what datetime.fromisoformat reads.
ISO_8601 = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?$"
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)

api = NinjaAPI(
    title=f"{settings.SITE_NAME}: content API",
    version="1",
    description=(
        "Read-only JSON of everything the site publishes: articles, their approved comments, categories, "
        "topics and authors. No key is needed; an API key (`X-API-Key`) raises the rate limit. "
        "See docs/api.md."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)

ERRORS = {400: schemas.ErrorOut, 404: schemas.ErrorOut, 429: schemas.ErrorOut}


# --- errors --------------------------------------------------------------------


@api.exception_handler(ApiError)
def api_error(request, error):
    return error_response(error.status, error.code, error.message, parameter=error.parameter)


@api.exception_handler(ValidationError)
def validation_error(request, error):
    errors = []
    for problem in error.errors:
        location = [part for part in problem.get("loc", ()) if isinstance(part, str)]
        parameter = location[-1] if location and location[-1] not in ("query", "path") else None
        errors.append({"status": 400, "code": "invalid_parameter", "message": problem["msg"], "parameter": parameter})
    return error_response(400, "invalid_parameter", "", errors=errors)


@api.exception_handler(Http404)
def page_not_found(request, error):
    return error_response(404, "not_found", str(error) or "Not found.")


# --- parameters ----------------------------------------------------------------


class Common(Schema):
    language: Literal[LANGUAGE_CODES] = Field(
        None, description="The language of the articles (default: the site's default language, English)."
    )


class Paged(Common):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Which page, from 1.")
    per_page: int = Field(DEFAULT_PER_PAGE, ge=1, le=MAX_PER_PAGE, description="Objects per page, at most 100.")


def fields_parameter(schema):
    return Field(
        None,
        max_length=500,
        description=f"Comma-separated names of the fields to keep, of: {', '.join(schema.model_fields)}.",
    )


class OneArticleQuery(Common):
    fields: str = fields_parameter(schemas.ArticleOut)


ArticleOrder = Literal[
    "-published_at",
    "published_at",
    "-modified_at",
    "modified_at",
    "title",
    "-title",
    "-comment_count",
    "comment_count",
]
ORDERINGS = {
    "-published_at": ("-published_at", "-id"),
    "published_at": ("published_at", "id"),
    "-modified_at": ("-modified", "-id"),
    "modified_at": ("modified", "id"),
    "title": ("title", "id"),
    "-title": ("-title", "-id"),
    "-comment_count": ("-comment_count", "-published_at", "-id"),
    "comment_count": ("comment_count", "published_at", "id"),
}


class ArticleQuery(Paged):
    fields: str = fields_parameter(schemas.ArticleOut)
    category: str = Field(None, max_length=100, description="A category's slug.")
    topic: str = Field(None, max_length=100, description="A topic's slug: its articles (primary topic or tag).")
    author: str = Field(
        None, max_length=100, description="An author's slug: their articles, as the lead or a co-author."
    )
    published_after: str = Field(
        None,
        pattern=ISO_8601,
        description="ISO 8601, e.g. 2026-06-17T12:29:00Z or 2026-06-17; published at or after it. "
        "Without an offset, in the site's time zone.",
    )
    published_before: str = Field(None, pattern=ISO_8601, description="ISO 8601; published before it.")
    modified_since: str = Field(None, pattern=ISO_8601, description="ISO 8601; changed (or published) at or after it.")
    order: ArticleOrder = Field("-published_at", description="The order; `-` for descending.")


class SearchQuery(Paged):
    q: str = Field(..., max_length=MAX_QUERY_LENGTH, description="The words to look for (any text).")
    category: str = Field(None, max_length=100, description="Only this category (a slug).")
    author: str = Field(None, max_length=100, description="Only this author's articles (a slug; lead or co-author).")
    fields: str = fields_parameter(schemas.ArticleOut)


class CommentQuery(Paged):
    per_page: int = Field(
        settings.COMMENTS_PER_PAGE, ge=1, le=MAX_PER_PAGE, description="Top-level comments per page (with replies)."
    )


class CategoryQuery(Paged):
    fields: str = fields_parameter(schemas.CategoryOut)


class TopicQuery(Paged):
    fields: str = fields_parameter(schemas.TopicOut)


class AuthorQuery(Paged):
    fields: str = fields_parameter(schemas.AuthorOut)


class OneCategoryQuery(Common):
    fields: str = fields_parameter(schemas.CategoryOut)


class OneTopicQuery(Common):
    fields: str = fields_parameter(schemas.TopicOut)


class OneAuthorQuery(Common):
    fields: str = fields_parameter(schemas.AuthorOut)


# The query parameters of each operation, by URL name: api/urls.py declares them to the page cache.
QUERY_SCHEMAS = {}


def operation(path, name, response, query, **options):
    QUERY_SCHEMAS[name] = query
    return api.get(
        path,
        url_name=name,
        operation_id=name.replace("-", "_"),
        response={200: response, **ERRORS},
        exclude_unset=True,
        **options,
    )


def trimmer(fields, schema):
    """What `?fields=` keeps of each object."""
    if fields is None:
        return lambda data: data
    names = [name.strip() for name in fields.split(",")]
    unknown = [name for name in names if name not in schema.model_fields]
    if unknown:
        raise invalid("fields", f"Unknown field {unknown[0]!r}; the fields are: {', '.join(schema.model_fields)}.")
    return lambda data: {name: value for name, value in data.items() if name in names}


def paginate(request, response, total, query):
    """Ghost's `meta.pagination`, and WordPress's and GitHub's headers: X-Total-Count, X-Total-Pages, Link."""
    pages = max(1, math.ceil(total / query.per_page))
    if query.page > pages:
        raise invalid("page", f"Page {query.page} does not exist: there are {pages} pages of {query.per_page}.")
    response["X-Total-Count"] = str(total)
    response["X-Total-Pages"] = str(pages)
    links = {"first": 1, "last": pages}
    if query.page > 1:
        links["prev"] = query.page - 1
    if query.page < pages:
        links["next"] = query.page + 1
    response["Link"] = ", ".join(f'<{page_address(request, number)}>; rel="{rel}"' for rel, number in links.items())
    pagination = {
        "page": query.page,
        "per_page": query.per_page,
        "pages": pages,
        "total": total,
        "next": links.get("next"),
        "prev": links.get("prev"),
    }
    offset = (query.page - 1) * query.per_page
    return {"pagination": pagination}, slice(offset, offset + query.per_page)


def page_address(request, number):
    parameters = request.GET.copy()
    parameters["page"] = str(number)
    return absolute_url(f"{request.path}?{parameters.urlencode()}", request)


def by_slug(model, slug, parameter):
    found = model.objects.with_public_articles().filter(slug=slug).first()
    if found is None:
        raise invalid(parameter, f"No {model._meta.verbose_name} has the slug {slug!r}.")
    return found


def moment(value, parameter):
    """The ISO 8601 time `value` as an aware datetime in UTC; without an offset it is in the site's time zone."""
    try:
        value = datetime.fromisoformat(value)
    except ValueError as error:
        raise invalid(parameter, "Not a time: write it as ISO 8601, e.g. 2026-06-17T12:29:00Z.") from error
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value.astimezone(UTC)
    except (OverflowError, ValueError) as error:
        raise invalid(parameter, "The time is out of range.") from error


# --- articles ------------------------------------------------------------------


@operation("/articles", "article-list", schemas.ArticleList, ArticleQuery, summary="Articles, newest first")
def article_list(request, response: HttpResponse, query: Query[ArticleQuery]):
    trim = trimmer(query.fields, schemas.ArticleOut)
    language = query.language or settings.LANGUAGE_CODE
    articles, keys = public_articles().in_language(language), set()
    if query.category is not None:
        category = by_slug(Category, query.category, "category")
        freshness.shows(request, category)
        articles = articles.filter(category=category)
        keys |= listing_keys(category_id=category.pk, language=language)
    if query.topic is not None:
        topic = by_slug(Topic, query.topic, "topic")
        freshness.shows(request, topic)
        articles = with_topic(articles, topic)
        keys |= listing_keys(topic_id=topic.pk, language=language)
    if query.author is not None:
        author = by_slug(Author, query.author, "author")
        freshness.shows(request, author)
        articles = articles.by_author(author)
        keys |= listing_keys(author_id=author.pk, language=language)
    if query.published_after is not None:
        articles = articles.filter(published_at__gte=moment(query.published_after, "published_after"))
    if query.published_before is not None:
        articles = articles.filter(published_at__lt=moment(query.published_before, "published_before"))
    if query.modified_since is not None or "modified" in query.order:
        articles = articles.annotate(modified=Greatest("published_at", "updated_at"))
    if query.modified_since is not None:
        articles = articles.filter(modified__gte=moment(query.modified_since, "modified_since"))
    # Which articles a list holds changes with their placement (the listing keys); by
    # time of change or title also with any edit ("search"), by comments with any thread.
    keys |= keys or listing_keys(language=language)
    if query.modified_since is not None or query.order.lstrip("-") in ("modified_at", "title"):
        keys |= in_language({"search"}, language)
    if "comment_count" in query.order:
        keys.add("comments")
    freshness.shows(request, keys=keys)
    meta, window = paginate(request, response, articles.count(), query)
    page = articles.order_by(*ORDERINGS[query.order])[window]
    return {"articles": [trim(article_data(article, request)) for article in page], "meta": meta}


def one_article(request, query, **lookup):
    trim = trimmer(query.fields, schemas.ArticleOut)
    article = public_articles().filter(**lookup).first()
    if article is None:
        raise not_found("No published article has this id or slug.")
    return {"article": trim(article_data(article, request))}


@operation(
    "/articles/{article_id}", "article-detail", schemas.ArticleOne, OneArticleQuery, summary="One article by id"
)
def article_detail(request, query: Query[OneArticleQuery], article_id: int = Path(..., ge=1, le=MAX_ID)):
    return one_article(request, query, pk=article_id)


@operation(
    "/articles/slug/{slug}", "article-by-slug", schemas.ArticleOne, OneArticleQuery, summary="One article by slug"
)
def article_by_slug(request, slug: str, query: Query[OneArticleQuery]):
    return one_article(request, query, slug=slug, language=query.language or settings.LANGUAGE_CODE)


@operation(
    "/articles/{article_id}/comments",
    "article-comments",
    schemas.CommentList,
    CommentQuery,
    summary="An article's approved comments, threaded",
)
def article_comments(
    request, response: HttpResponse, query: Query[CommentQuery], article_id: int = Path(..., ge=1, le=MAX_ID)
):
    article = Article.objects.published().filter(pk=article_id).first()
    if article is None:
        raise not_found("No published article has this id.")
    freshness.shows(request, article, keys={f"comments-{article.pk}"})
    roots, by_id = approved_thread(article)
    meta, window = paginate(request, response, len(roots), query)
    return {"comments": [comment_data(comment, by_id, request) for comment in roots[window]], "meta": meta}


@operation("/search", "search", schemas.ArticleList, SearchQuery, summary="Articles matching words, best first")
def article_search(request, response: HttpResponse, query: Query[SearchQuery]):
    trim = trimmer(query.fields, schemas.ArticleOut)
    form = SearchForm({"q": query.q, "category": query.category or "", "author": query.author or ""})
    if not form.is_valid():
        parameter, messages = next(iter(form.errors.items()))
        raise invalid(parameter, " ".join(messages))
    language = query.language or settings.LANGUAGE_CODE
    freshness.shows(request, keys=in_language({"search"}, language))
    results = search(form.filter(Article.objects.published().in_language(language)), form.cleaned_data["q"], language)
    meta, window = paginate(request, response, len(results.ids), query)
    page = articles_in_order(results.ids[window])
    return {"articles": [trim(article_data(article, request)) for article in page], "meta": meta}


# --- categories, topics, authors ----------------------------------------------


def object_list(request, response, query, *, queryset, schema, build, name):
    trim = trimmer(query.fields, schema)
    meta, window = paginate(request, response, queryset.count(), query)
    return {name: [trim(build(obj, request)) for obj in queryset[window]], "meta": meta}


def one_object(request, query, *, model, slug, schema, build, name):
    trim = trimmer(query.fields, schema)
    # Which of them the public sees changes with every article's publication ("sitemap").
    freshness.shows(request, keys={"sitemap"})
    found = model.objects.with_public_articles().filter(slug=slug).first()
    if found is None:
        raise not_found(f"No {model._meta.verbose_name} has this slug.")
    return {name: trim(build(found, request))}


@operation("/categories", "category-list", schemas.CategoryList, CategoryQuery, summary="Categories, in menu order")
def category_list(request, response: HttpResponse, query: Query[CategoryQuery]):
    # "categories": their order changed; "sitemap": which have a public article.
    freshness.shows(request, keys={"categories", "sitemap"})
    return object_list(
        request,
        response,
        query,
        queryset=Category.objects.with_public_articles().order_by("menu_order", "name", "id"),
        schema=schemas.CategoryOut,
        build=category_data,
        name="categories",
    )


@operation("/categories/slug/{slug}", "category-by-slug", schemas.CategoryOne, OneCategoryQuery, summary="A category")
def category_by_slug(request, slug: str, query: Query[OneCategoryQuery]):
    return one_object(
        request, query, model=Category, slug=slug, schema=schemas.CategoryOut, build=category_data, name="category"
    )


@operation("/topics", "topic-list", schemas.TopicList, TopicQuery, summary="Topics (tags), by name")
def topic_list(request, response: HttpResponse, query: Query[TopicQuery]):
    # "sitemap" is announced by every change of a topic or an author and of which have a public article.
    freshness.shows(request, keys={"sitemap"})
    return object_list(
        request,
        response,
        query,
        queryset=Topic.objects.with_public_articles().order_by("name", "id"),
        schema=schemas.TopicOut,
        build=topic_data,
        name="topics",
    )


@operation("/topics/slug/{slug}", "topic-by-slug", schemas.TopicOne, OneTopicQuery, summary="A topic")
def topic_by_slug(request, slug: str, query: Query[OneTopicQuery]):
    return one_object(request, query, model=Topic, slug=slug, schema=schemas.TopicOut, build=topic_data, name="topic")


@operation("/authors", "author-list", schemas.AuthorList, AuthorQuery, summary="Authors, by name")
def author_list(request, response: HttpResponse, query: Query[AuthorQuery]):
    freshness.shows(request, keys={"sitemap"})
    return object_list(
        request,
        response,
        query,
        queryset=Author.objects.with_public_articles().order_by("name", "id"),
        schema=schemas.AuthorOut,
        build=author_data,
        name="authors",
    )


@operation("/authors/slug/{slug}", "author-by-slug", schemas.AuthorOne, OneAuthorQuery, summary="An author")
def author_by_slug(request, slug: str, query: Query[OneAuthorQuery]):
    return one_object(
        request, query, model=Author, slug=slug, schema=schemas.AuthorOut, build=author_data, name="author"
    )
