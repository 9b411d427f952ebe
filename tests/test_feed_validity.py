"""Every feed the portal serves passes the W3C feed validator's rules (tests/feed_rules.py)."""

import pytest
from django.core.management import call_command
from django.db.models import Count

from articles.models import Article, Author, Category, Topic
from comments.models import Comment
from comments.tests.factories import make_comment

from .feed_rules import feed_errors

pytestmark = pytest.mark.django_db

RSS, ATOM = "application/rss+xml", "application/atom+xml"


@pytest.fixture
def portal(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo_comments", verbosity=0)
    # What a reader may type: markup, an address, a line break, quotes, a control character.
    article = Article.objects.published().first()
    make_comment(article, name='Ada "the reader" <b>', body='See <a href="/x/">here</a> & www.example.org\nok\x07!')


def every_feed():
    """(address, content type) of each feed: the site's, each section's, topic's and author's,
    in RSS and Atom, and the comment feeds of the site and of each article with comments."""
    feeds = [("/feed/", RSS), ("/feed/atom/", ATOM), ("/comments/feed/", RSS)]
    listings = [
        *Category.objects.with_public_articles(),
        *Topic.objects.filter(primary_articles__in=Article.objects.published()).distinct()[:5],
        *Author.objects.all(),
    ]
    for listing in listings:
        feeds += [(f"{listing.get_absolute_url()}feed/", RSS), (f"{listing.get_absolute_url()}feed/atom/", ATOM)]
    commented = Article.objects.published().annotate(n=Count("comments")).filter(n__gt=0)[:5]
    feeds += [(f"{article.get_absolute_url()}feed/", RSS) for article in commented]
    return feeds


def test_every_feed_passes_the_feed_validators_rules(client, portal):
    feeds = every_feed()
    assert len(feeds) > 20
    problems = {}
    for url, content_type in feeds:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == f"{content_type}; charset=utf-8", url
        assert b"<item>" in response.content or b"<entry>" in response.content, f"{url} lists nothing"
        errors = feed_errors(response.content, url=f"http://testserver{url}")
        if errors:
            problems[url] = errors
    assert not problems, "\n".join(f"{url}:\n  " + "\n  ".join(errors) for url, errors in problems.items())


def test_the_comment_feeds_guids_and_the_atom_authors_are_full_urls(client, portal):
    """The two rules the portal's feeds once broke, with SITE_URL unset as on a developer's machine."""
    comment = Comment.objects.approved().order_by("-created_at", "-id").first()
    rss = client.get("/comments/feed/").content.decode()
    assert f"<guid>http://testserver{comment.article.get_absolute_url()}#comment-{comment.pk}</guid>" in rss
    atom = client.get("/feed/atom/").content.decode()
    assert "<uri>http://testserver/author/" in atom and "<uri>/" not in atom


RSS_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
<title>T</title><link>{link}</link><description>D</description>
<atom:link href="https://example.org/feed/" rel="self"/>
<lastBuildDate>{date}</lastBuildDate>
<item><title>One</title><link>https://example.org/one/</link><guid{permalink}>{guid}</guid>{extra}</item>
<item><title>Two</title><link>https://example.org/two/</link><guid>https://example.org/two/</guid></item>
</channel></rss>"""


def rss(**values):
    defaults = {
        "link": "https://example.org/",
        "date": "Wed, 02 Dec 2026 04:25:30 +0000",
        "permalink": "",
        "guid": "https://example.org/one/",
        "extra": "",
    }
    return RSS_FEED.format(**{**defaults, **values})


@pytest.mark.parametrize(
    "feed,problem",
    [
        (rss(guid="/one/#comment-4"), "is a permalink but not a full URL"),
        (rss(guid="https://example.org/two/"), "is not unique"),
        (rss(date="2026-12-02T04:25:30+00:00"), "not an RFC 822 date-time"),
        (rss(date="Tue, 02 Dec 2026 04:25:30 +0000"), "wrong day of the week"),
        (rss(link="/"), "channel <link> '/' is not a full URL"),
        (rss(extra="<author>Nadia Calloway</author>"), "is not an e-mail address"),
        (rss(extra="<description>\x01</description>"), "control character U+0001"),
        (rss(extra="<description>caf\u0085</description>"), "control character U+0085"),
        (rss().replace('<atom:link href="https://example.org/feed/" rel="self"/>', ""), 'links rel="self"'),
        (rss().replace("<description>D</description>", ""), "lacks its required <description>"),
        (
            '<feed xmlns="http://www.w3.org/2005/Atom"><id>https://example.org/</id><title>T</title>'
            "<updated>2026-12-02T04:25:30Z</updated>"
            '<link href="https://example.org/feed/" rel="self"/><entry><id>https://example.org/one/</id>'
            '<title>One</title><updated>2026-12-02T04:25:30Z</updated><link href="https://example.org/one/"/>'
            "<author><name>N</name><uri>/author/n/</uri></author></entry></feed>",
            "author <uri> '/author/n/' is not a full URL",
        ),
        (
            '<feed xmlns="http://www.w3.org/2005/Atom"><id>https://example.org/</id><title>T</title>'
            '<updated>Wed, 02 Dec 2026</updated><link href="https://example.org/feed/" rel="self"/></feed>',
            "is not an RFC 3339 date-time",
        ),
    ],
)
def test_the_checker_finds_what_the_w3c_validator_would(feed, problem):
    errors = feed_errors(feed.encode(), url="https://example.org/feed/")
    assert any(problem in error for error in errors), errors


def test_the_checker_passes_a_valid_feed():
    assert feed_errors(rss(permalink=' isPermaLink="false"', guid="comment-4").encode()) == []
