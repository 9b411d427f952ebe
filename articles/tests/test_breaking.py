"""Breaking news: a bar above every page's header until its end time, gone on its own after it."""

import re
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.freshness import next_scheduled_change
from articles.models import Article
from pages.models import Page

from .factories import make_article, make_category, make_draft, make_scheduled

pytestmark = pytest.mark.django_db

BAR = 'class="breaking-news"'


@pytest.fixture
def site():
    world = make_category(name="World", slug="world")
    story = make_article(title="Quake hits the coast", slug="quake-hits", category=world)
    other = make_article(title="Harbour reopens", slug="harbour-reopens", category=world)
    Page.objects.create(title="About us", slug="about", body="<p>Who we are.</p>", is_published=True)
    return {"story": story, "other": other}


PAGES = ["/", "/harbour-reopens/", "/quake-hits/", "/category/world/", "/corrections/", "/about/", "/?s=harbour"]


def bar(response):
    html = response.content.decode()
    match = re.search(r'<aside class="breaking-news".*?</aside>', html, re.S)
    return match.group(0) if match else None


class TestTheBar:
    def test_every_page_shows_it_above_the_header_linking_to_the_story(self, client, site, announced):
        announced(services.article_break_news, article=site["story"])
        for url in PAGES:
            response = client.get(url)
            html = response.content.decode()
            assert response.status_code == 200, url
            shown = bar(response)
            assert shown is not None, url
            assert html.index(BAR) < html.index('<header class="site-header"'), url
            assert '<a class="breaking-news__link" href="/quake-hits/">' in shown
            assert "Breaking news" in shown and "Quake hits the coast" in shown
            assert 'aria-labelledby="breaking-news-label"' in shown

    def test_the_default_end_is_six_hours_on(self, site):
        before = timezone.now()
        services.article_break_news(article=site["story"])
        until = Article.objects.get(pk=site["story"].pk).breaking_until
        assert before + timedelta(hours=6) <= until <= timezone.now() + timedelta(hours=6)

    def test_pages_cached_before_the_mark_show_it_at_once(self, client, site, announced):
        for url in PAGES:
            client.get(url)
            assert client.get(url)["X-Page-Cache"] == "HIT", url
        announced(services.article_break_news, article=site["story"])
        for url in PAGES:
            response = client.get(url)
            assert bar(response) is not None, url
            assert "breaking" in response["xkey"].split(), url

    def test_it_disappears_after_its_end_time_with_no_command_run(self, client, site, announced, settings):
        settings.HTTP_CACHE_PURGE_URLS = ["http://127.0.0.1:9/"]
        until = timezone.now() + timedelta(seconds=2)
        announced(services.article_break_news, article=site["story"], until=until)
        for url in ("/", "/harbour-reopens/"):
            assert bar(client.get(url)) is not None
            cached = client.get(url)
            assert cached["X-Page-Cache"] == "HIT" and bar(cached) is not None
            # No HTTP cache may keep the page past the end of the bar.
            assert int(re.search(r"s-maxage=(\d+)", cached["Cache-Control"]).group(1)) <= 2
            assert int(cached["Surrogate-Control"].removeprefix("max-age=")) <= 2
        time.sleep(max(0, (until - timezone.now()).total_seconds()) + 0.1)
        for url in ("/", "/harbour-reopens/", "/about/"):
            response = client.get(url)
            assert response["X-Page-Cache"] == "MISS", url
            assert bar(response) is None, url

    def test_ending_it_early_takes_it_down_at_once(self, client, site, announced):
        announced(services.article_break_news, article=site["story"])
        client.get("/")
        assert announced(services.article_end_breaking_news, article=site["story"]) is True
        assert bar(client.get("/")) is None
        assert announced(services.article_end_breaking_news, article=site["story"]) is False

    def test_the_newest_mark_wins(self, client, site, announced):
        announced(services.article_break_news, article=site["story"])
        announced(services.article_break_news, article=site["other"])
        assert "Harbour reopens" in bar(client.get("/"))

    def test_an_old_breaking_story_takes_no_place_in_the_footer(self, client, site, announced):
        for n in range(12):
            make_article(title=f"Later story {n}", slug=f"later-{n}")
        old = make_article(
            title="Old but breaking", slug="old-breaking", published_at=timezone.now() - timedelta(days=9)
        )
        announced(services.article_break_news, article=old)
        html = client.get("/harbour-reopens/").content.decode()
        assert "Old but breaking" in bar(client.get("/harbour-reopens/"))
        footer = html[html.index('<footer class="site-footer"') :]
        assert "Old but breaking" not in footer


class TestOnlyPublicArticles:
    def test_a_draft_or_scheduled_article_is_refused(self, site):
        for article in (make_draft(), make_scheduled()):
            with pytest.raises(ValidationError):
                services.article_break_news(article=article)
        assert not Article.objects.filter(breaking_until__isnull=False).exists()

    @pytest.mark.parametrize("hours", [-1, 0, 24 * 8])
    def test_an_end_time_out_of_range_is_refused(self, site, hours):
        with pytest.raises(ValidationError):
            services.article_break_news(article=site["story"], until=timezone.now() + timedelta(hours=hours))

    def test_unpublishing_takes_the_bar_down(self, client, site, announced):
        announced(services.article_break_news, article=site["story"])
        client.get("/")
        announced(services.article_unpublish, articles=Article.objects.filter(pk=site["story"].pk))
        response = client.get("/")
        assert bar(response) is None
        assert "Quake hits the coast" not in response.content.decode()

    def test_a_breaking_article_moved_to_the_future_leaks_nowhere(self, client, site, announced):
        announced(services.article_break_news, article=site["story"])
        story = site["story"]
        story.published_at = timezone.now() + timedelta(days=1)
        announced(services.article_save, article=story)
        assert "Quake hits the coast" not in client.get("/").content.decode()


class TestSchedule:
    def test_the_next_change_is_the_sooner_of_a_publication_and_an_end(self, site):
        now = timezone.now()
        assert next_scheduled_change(now) is None
        publication = make_scheduled(published_at=now + timedelta(hours=2)).published_at
        assert next_scheduled_change(now) == publication
        services.article_break_news(article=site["story"], until=now + timedelta(hours=1))
        assert next_scheduled_change(now) == Article.objects.get(pk=site["story"].pk).breaking_until
        assert next_scheduled_change(now + timedelta(minutes=90)) == publication


class TestAdmin:
    def url(self, article):
        return reverse("admin:articles_article_breaking", args=[article.pk])

    def test_an_editor_marks_and_ends_breaking_news(self, client, site, editor):
        client.force_login(editor)
        change = client.get(reverse("admin:articles_article_change", args=[site["story"].pk])).content.decode()
        assert self.url(site["story"]) in change
        form = client.get(self.url(site["story"]))
        assert form.status_code == 200 and "Mark as breaking news" in form.content.decode()
        until = timezone.localtime() + timedelta(hours=2)
        response = client.post(
            self.url(site["story"]),
            {"until_0": until.strftime("%Y-%m-%d"), "until_1": until.strftime("%H:%M:%S"), "mark": "1"},
        )
        assert response.status_code == 302
        marked = Article.objects.get(pk=site["story"].pk)
        assert marked.is_breaking and abs(marked.breaking_until - until) < timedelta(seconds=1)
        assert "Breaking until" in client.get(reverse("admin:articles_article_changelist")).content.decode()
        assert client.post(self.url(site["story"]), {"end": "1"}).status_code == 302
        assert not Article.objects.get(pk=site["story"].pk).is_breaking

    def test_a_past_end_time_is_a_form_error(self, client, site, editor):
        client.force_login(editor)
        past = timezone.localtime() - timedelta(hours=1)
        response = client.post(
            self.url(site["story"]),
            {"until_0": past.strftime("%Y-%m-%d"), "until_1": past.strftime("%H:%M:%S"), "mark": "1"},
        )
        assert response.status_code == 200
        assert "must be in the future" in response.content.decode()
        assert not Article.objects.get(pk=site["story"].pk).is_breaking

    def test_a_draft_cannot_be_marked_from_the_admin(self, client, editor):
        client.force_login(editor)
        draft = make_draft()
        later = timezone.localtime() + timedelta(hours=1)
        response = client.post(
            self.url(draft), {"until_0": later.strftime("%Y-%m-%d"), "until_1": later.strftime("%H:%M:%S")}
        )
        assert response.status_code == 200
        assert "Only a published article" in response.content.decode()
        assert not Article.objects.get(pk=draft.pk).breaking_until

    def test_authors_cannot_break_news(self, client, writer):
        own = make_article(author=writer.author_profile)
        client.force_login(writer)
        assert client.get(self.url(own)).status_code == 403
        assert client.post(self.url(own), {"end": "1"}).status_code == 403
        change = client.get(reverse("admin:articles_article_change", args=[own.pk])).content.decode()
        assert self.url(own) not in change
        assert not writer.has_perm("articles.break_news")
