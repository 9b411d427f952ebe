"""Every kind of page the portal serves is valid HTML: 0 errors from the Nu HTML Checker.

The pages are rendered from the demo content (with its comments), plus what
the demo lacks: listings long enough to page, a paged comment thread, a
static page, the error pages. The checker's warnings are listed in the test
output; they do not fail the test.
"""

import warnings

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError
from django.db.models import Count, Q
from django.test import RequestFactory
from django.urls import resolve, reverse

from articles.models import Article, Author, Category, Topic
from articles.services import article_break_news, correction_add, correction_withdraw
from articles.tests.factories import make_article, make_user
from comments.models import Comment
from newsportal.outage import service_unavailable
from newsportal.views import bad_request, csrf_failure, server_error
from pages.models import Page
from pages.services import page_save

from .validity import check_html, require_vnu

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(settings, tmp_path):
    """The demo portal, with a thread long enough for two pages and listings long enough to page."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.COMMENTS_PER_PAGE = 2
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo_comments", verbosity=0)
    politics = Category.objects.get(slug="politics")
    author = Author.objects.get(slug="nadia-calloway")
    for number in range(12):
        make_article(title=f"Council notes, part {number}", category=politics, author=author)
    page_save(page=Page(title="About us", slug="about", body="<p>We report.</p>", show_in_footer=True))
    # The demo has one correction; a withdrawn note and an update at the top, and the breaking news bar.
    noted = Article.objects.published().exclude(corrections__isnull=False).first()
    correction_withdraw(correction=correction_add(article=noted, text="Wrong <em>story</em>."), reason="Wrong story.")
    correction_add(article=noted, text="Talks resume <strong>tomorrow</strong>.", kind="update", placement="top")
    article_break_news(article=noted)


def pages_to_check(client):
    """{name: (response or rendered HTML, expected status)} for every kind of page."""
    public = Article.objects.published()
    threaded = (
        public.annotate(
            threads=Count(
                "comments", filter=Q(comments__status=Comment.Status.APPROVED, comments__parent__isnull=True)
            )
        )
        .order_by("-threads")
        .first()
    )
    comment = Comment.objects.approved().filter(article=threaded).first()
    assert threaded.threads > settings.COMMENTS_PER_PAGE, "the thread must run to a second page"
    quiet = public.annotate(n=Count("comments")).filter(n=0).first() or public.last()
    topic = Topic.objects.filter(primary_articles__in=public).distinct().first()
    pages = {
        "home": "/",
        "home, page 2": "/page/2/",
        "article with comments": threaded.get_absolute_url(),
        "article, page 2 of its comments": reverse("comments:page", kwargs={"slug": threaded.slug, "page": 2}),
        "article, replying to a comment": f"{threaded.get_absolute_url()}?replytocom={comment.pk}",
        "article without comments": quiet.get_absolute_url(),
        "category": "/category/world/",
        "category, page 2": "/category/politics/page/2/",
        "author": "/author/nadia-calloway/",
        "author, page 2": "/author/nadia-calloway/page/2/",
        "topic": topic.get_absolute_url(),
        "search results": "/?s=harbour",
        "search results, /search/": "/search/?q=budget",
        "search, no results": "/search/?q=zzzzqqq",
        "search, no query": "/search/",
        "report a comment": reverse("comments:report", kwargs={"pk": comment.pk}),
        "static page": "/about/",
        "corrections": "/corrections/",
        "article with a correction": Article.objects.filter(corrections__isnull=False).first().get_absolute_url(),
        "sign in": reverse("login"),
        "sign up": reverse("signup"),
        "password reset": reverse("password_reset"),
        "404": "/no-such-story-here/",
    }
    responses = {name: (client.get(url), 404 if name == "404" else 200) for name, url in pages.items()}

    reader = make_user(username="reader")
    client.force_login(reader)
    responses["article, signed in"] = (client.get(threaded.get_absolute_url()), 200)
    client.logout()

    factory = RequestFactory()
    responses["400"] = (bad_request(factory.get("/"), exception=None), 400)
    responses["403 (CSRF)"] = (csrf_failure(factory.post("/accounts/login/")), 403)
    responses["500"] = (server_error(factory.get("/")), 500)
    responses["503"] = (service_unavailable(factory.get("/"), OperationalError("no database")), 503)
    post = factory.post(
        reverse("comments:post"), {"comment": "Kept <words>", "name": "Ada", "email": "ada@example.org"}
    )
    post.resolver_match = resolve(post.path)
    responses["503 with the comment form kept"] = (service_unavailable(post, OperationalError("no database")), 503)
    return responses


def test_every_kind_of_page_is_valid_html(client, portal, tmp_path):
    require_vnu()
    documents = {}
    for name, (response, status) in pages_to_check(client).items():
        assert response.status_code == status, name
        assert response["Content-Type"].startswith("text/html"), name
        documents[name] = response.content.decode()

    errors, found_warnings = check_html(documents, tmp_path)

    if found_warnings:
        warnings.warn(f"Nu HTML Checker: {len(found_warnings)} warnings\n" + "\n".join(found_warnings), stacklevel=1)
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)


def test_the_checker_reports_what_the_pages_once_had(tmp_path):
    """A `<time datetime>` with microseconds, as `|date:'c'` writes it, is an error; a section
    without a heading is only a warning."""
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>'
        "<section><p>No heading</p></section>"
        '<time datetime="{}">then</time></body></html>'
    )
    errors, found_warnings = check_html(
        {
            "microseconds": page.format("2026-12-01T03:29:49.642820-05:00"),
            "seconds": page.format("2026-12-01T03:29:49-05:00"),
        },
        tmp_path,
    )
    assert len(errors) == 1 and errors[0].startswith("microseconds:"), errors
    assert "fraction of a second" in errors[0]
    assert any(warning.startswith("seconds:") for warning in found_warnings)
