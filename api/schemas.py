"""The shapes of what the API answers: documentation (the OpenAPI document) and a check of every answer.

Fields of the objects a `fields` parameter can trim are declared with a
default, so they are not "required" in the document: a trimmed object is
still valid. Views build plain dicts; django-ninja validates them against
these models and leaves out what was not set (`exclude_unset`).
"""

from datetime import datetime

from ninja import Schema
from pydantic import Field

# Marks a field a `fields` parameter may leave out; never actually used as a value.
TRIMMABLE = None


class ErrorDetail(Schema):
    status: int
    code: str = Field(description="invalid_parameter, not_found, method_not_allowed, rate_limited, …")
    message: str
    parameter: str | None = Field(None, description="The query or path parameter at fault, if any.")


class ErrorOut(Schema):
    errors: list[ErrorDetail]


class Pagination(Schema):
    page: int
    per_page: int
    pages: int
    total: int
    next: int | None = Field(description="The next page's number, or null on the last page.")
    prev: int | None = Field(description="The previous page's number, or null on the first page.")


class Meta(Schema):
    pagination: Pagination


class CategoryOut(Schema):
    id: int = TRIMMABLE
    slug: str = TRIMMABLE
    name: str = TRIMMABLE
    description: str = TRIMMABLE
    url: str = TRIMMABLE


class TopicOut(Schema):
    id: int = TRIMMABLE
    slug: str = TRIMMABLE
    name: str = TRIMMABLE
    url: str = TRIMMABLE


class AuthorOut(Schema):
    id: int = TRIMMABLE
    slug: str = TRIMMABLE
    name: str = TRIMMABLE
    bio: str = TRIMMABLE
    avatar: str | None = Field(TRIMMABLE, description="The avatar's absolute URL, or null.")
    url: str = TRIMMABLE


class CategoryRef(Schema):
    id: int
    slug: str
    name: str
    url: str


class TopicRef(Schema):
    id: int
    slug: str
    name: str
    url: str


class AuthorRef(Schema):
    id: int
    slug: str
    name: str
    url: str


class Rendition(Schema):
    url: str
    width: int
    height: int


class FeaturedImage(Schema):
    url: str = Field(description="The original upload.")
    alt: str
    width: int | None
    height: int | None
    renditions: list[Rendition] = Field(description="Resized copies, narrowest first (srcset candidates).")


class FAQOut(Schema):
    question: str
    answer: str


class RelatedLinkOut(Schema):
    title: str
    url: str


class ArticleOut(Schema):
    id: int = TRIMMABLE
    slug: str = TRIMMABLE
    url: str = Field(TRIMMABLE, description="The article's public page (absolute).")
    title: str = TRIMMABLE
    excerpt: str = TRIMMABLE
    body: str = Field(TRIMMABLE, description="Sanitised HTML.")
    language: str = TRIMMABLE
    published_at: datetime = TRIMMABLE
    modified_at: datetime = TRIMMABLE
    author: AuthorRef = Field(TRIMMABLE, description="The lead author: the first of `authors`.")
    authors: list[AuthorRef] = Field(
        TRIMMABLE, description="Every author of the byline, in its order, the lead first."
    )
    category: CategoryRef = TRIMMABLE
    topic: TopicRef | None = Field(TRIMMABLE, description="The primary topic, or null.")
    tags: list[TopicRef] = Field(TRIMMABLE, description="Every topic of the article, the primary one first.")
    featured_image: FeaturedImage | None = TRIMMABLE
    faqs: list[FAQOut] = TRIMMABLE
    related_links: list[RelatedLinkOut] = TRIMMABLE
    editors_pick: bool = TRIMMABLE
    comments_open: bool = TRIMMABLE
    comment_count: int = Field(TRIMMABLE, description="Approved comments.")
    comments_url: str = Field(TRIMMABLE, description="This API's address of the article's comments (absolute).")


class CommentOut(Schema):
    id: int
    parent: int | None = Field(description="The comment this one replies to, as shown (null at the top level).")
    author_name: str
    author_url: str | None = Field(description="The website the commenter gave, when it is a web address.")
    by_staff: bool = Field(description="Written by a member of the newsroom (the thread's badge).")
    featured: bool = Field(description="Chosen by the editors (shown above the thread on the page).")
    body: str = Field(description="Plain text, as typed: escape it before putting it in HTML.")
    created_at: datetime
    depth: int = Field(description="1 at the top level; replies nest at most 5 levels.")
    url: str
    replies: list["CommentOut"]


class ArticleList(Schema):
    articles: list[ArticleOut]
    meta: Meta


class ArticleOne(Schema):
    article: ArticleOut


class CategoryList(Schema):
    categories: list[CategoryOut]
    meta: Meta


class CategoryOne(Schema):
    category: CategoryOut


class TopicList(Schema):
    topics: list[TopicOut]
    meta: Meta


class TopicOne(Schema):
    topic: TopicOut


class AuthorList(Schema):
    authors: list[AuthorOut]
    meta: Meta


class AuthorOne(Schema):
    author: AuthorOut


class CommentList(Schema):
    comments: list[CommentOut] = Field(description="Top-level comments of this page, each with its replies.")
    meta: Meta
