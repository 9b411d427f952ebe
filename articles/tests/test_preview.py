"""Drafts and scheduled articles: previews for the newsroom, 404 for everyone else, live on time by themselves."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article

from .factories import make_article, make_draft, make_scheduled, make_user

pytestmark = pytest.mark.django_db

BANNER = "Preview — not published"


@pytest.fixture
def unpublished():
    return {"draft": make_draft(title="Draft story"), "scheduled": make_scheduled(title="Future story")}


def test_readers_get_404_for_drafts_and_scheduled_articles(client, unpublished):
    for article in unpublished.values():
        assert client.get(article.get_absolute_url()).status_code == 404
    client.force_login(make_user())  # signed in, not staff
    for article in unpublished.values():
        assert client.get(article.get_absolute_url()).status_code == 404


def test_staff_without_article_permissions_get_404(client, unpublished):
    client.force_login(make_user(is_staff=True))
    assert client.get(unpublished["draft"].get_absolute_url()).status_code == 404


def test_an_editor_previews_any_unpublished_article_marked_as_such(client, editor, unpublished):
    client.force_login(editor)
    for article in unpublished.values():
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        html = response.content.decode()
        assert article.title in html
        assert BANNER in html
        assert '<meta name="robots" content="noindex">' in html
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex"
    scheduled = client.get(unpublished["scheduled"].get_absolute_url()).content.decode()
    assert "Scheduled: readers will see this article from" in scheduled


def test_a_published_article_is_no_preview_even_for_an_editor(client, editor):
    article = make_article()
    client.force_login(editor)
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert BANNER not in html
    assert 'name="robots"' not in html
    assert "no-store" not in response.get("Cache-Control", "")


def test_an_author_previews_only_their_own_unpublished_articles(client, writer, other_writer):
    mine = make_draft(author=writer.author_profile)
    theirs = make_draft(author=other_writer.author_profile)
    client.force_login(writer)
    assert BANNER in client.get(mine.get_absolute_url()).content.decode()
    assert client.get(theirs.get_absolute_url()).status_code == 404


def test_a_preview_is_never_served_to_readers_from_the_page_cache(client, editor):
    draft = make_draft()
    client.force_login(editor)
    assert client.get(draft.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_scheduled_article_goes_live_when_its_time_passes_with_no_command_run(client):
    article = make_scheduled(title="Tomorrow's news", slug="tomorrows-news")
    assert client.get("/tomorrows-news/").status_code == 404
    assert not Article.objects.published().filter(pk=article.pk).exists()
    # Time passes: only the clock moves, as far as the site can tell (update() sends no signal).
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    response = client.get("/tomorrows-news/")
    assert response.status_code == 200
    assert BANNER not in response.content.decode()
    assert "Tomorrow&#x27;s news" in client.get(article.category.get_absolute_url()).content.decode()
