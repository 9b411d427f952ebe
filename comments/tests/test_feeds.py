"""The comment feeds list approved comments of public articles, and nothing else."""

from xml.etree import ElementTree

import pytest

from comments.models import Comment
from comments.tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def items(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    return [(item.findtext("title"), item.findtext("description")) for item in channel.findall("item")]


def test_an_articles_feed_lists_only_its_approved_comments(client):
    article = make_article(slug="harbour", title="Harbour reopens")
    other = make_article(slug="elsewhere")
    make_comment(article, name="Ada", body="Approved <b>words</b> & more")
    make_comment(article, name="Held", body="held text", status=Comment.Status.PENDING)
    make_comment(article, name="Spammer", body="spam text", status=Comment.Status.SPAM)
    make_comment(other, name="Bob", body="on another article")

    listed = items(client.get("/harbour/feed/"))

    # The description is HTML to a feed reader: the comment's text comes escaped, as on the page.
    assert listed == [("Ada on “Harbour reopens”", "Approved &lt;b&gt;words&lt;/b&gt; &amp; more")]


def test_the_article_page_announces_its_comment_feed(client):
    make_article(slug="harbour")
    html = client.get("/harbour/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html and 'href="/harbour/feed/"' in html


def test_the_site_feed_skips_comments_on_drafts_and_scheduled_articles(client):
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article

    public = make_article(slug="public", title="Public story")
    draft = make_article(slug="draft", status=Article.Status.DRAFT)
    scheduled = make_article(slug="later", published_at=timezone.now() + timedelta(days=1))
    make_comment(public, name="Ada", body="visible")
    make_comment(draft, name="Dee", body="on a draft")
    make_comment(scheduled, name="Sam", body="on a scheduled story")
    make_comment(public, name="Held", body="held", status=Comment.Status.PENDING)

    assert [title for title, _ in items(client.get("/comments/feed/"))] == ["Ada on “Public story”"]


@pytest.mark.parametrize("url", ["/no-such-story/feed/", "/draft/feed/"])
def test_feeds_of_articles_that_are_not_public_are_404(client, url):
    from articles.models import Article

    make_article(slug="draft", status=Article.Status.DRAFT)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/harbour/feed/", "/comments/feed/"])
def test_each_items_guid_is_the_comments_full_address(client, url):
    """A relative guid is no permalink: feed readers (and the W3C validator) need the full URL."""
    article = make_article(slug="harbour")
    comment = make_comment(article, name="Ada")

    channel = ElementTree.fromstring(client.get(url).content).find("channel")

    guid = channel.find("item/guid")
    assert guid.text == f"http://testserver/harbour/#comment-{comment.pk}"
    assert guid.get("isPermaLink") in (None, "true")


def test_the_guid_names_the_public_address_when_site_url_is_set(client, settings):
    settings.SITE_URL = "https://news.example"
    article = make_article(slug="harbour")
    comment = make_comment(article, name="Ada")

    channel = ElementTree.fromstring(client.get("/comments/feed/").content).find("channel")

    assert channel.findtext("item/guid") == f"https://news.example/harbour/#comment-{comment.pk}"
