"""Corrections and updates: on the article, on /corrections/, in JSON-LD and feeds; never deleted silently."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Correction

from .factories import make_article, make_author, make_category, make_draft, make_scheduled, make_topic

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
ATOM = "{http://www.w3.org/2005/Atom}"
DCTERMS = "{http://purl.org/dc/terms/}"


@pytest.fixture
def story():
    return make_article(
        title="Envoy heads east for talks",
        slug="envoy-heads-east",
        category=make_category(name="World", slug="world"),
        author=make_author(name="Ethan Kim", slug="ethan-kim"),
        topic=make_topic(name="Diplomacy", slug="diplomacy"),
        body="<p>The envoy flew on Tuesday.</p>",
        published_at=timezone.now() - timedelta(hours=5),
    )


@pytest.fixture
def add(django_capture_on_commit_callbacks):
    """Add a note through the service, with what it announces run as a real commit would."""

    def add(story, text="An earlier version said Tuesday. The envoy flew on Monday.", **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return services.correction_add(article=story, text=text, **fields)

    return add


def news_article(response):
    blocks = [json.loads(text) for text in JSON_LD.findall(response.content.decode())]
    return next(block for block in blocks if block["@type"] == "NewsArticle")


class TestOnTheArticle:
    def test_a_note_shows_where_the_editor_put_it(self, client, story, add):
        top = add(story, text="Update: talks were moved to Thursday.", kind="update", placement="top")
        bottom = add(story, placement="bottom")
        html = client.get("/envoy-heads-east/").content.decode()
        body = html.index("The envoy flew on Tuesday.")
        assert html.index(f'id="correction-{top.pk}"') < body < html.index(f'id="correction-{bottom.pk}"')
        assert "Talks were moved" in html or "talks were moved" in html
        assert "The envoy flew on Monday." in html
        assert ">Update</strong>" in html and ">Correction</strong>" in html

    def test_links_and_emphasis_are_kept_and_nothing_else(self, client, story, add):
        note = add(
            story,
            text='It is <em>Monday</em>, see <a href="https://example.org/x" onclick="steal()">the schedule</a>'
            '<script>alert(1)</script><img src="https://evil.example/t.gif"> <span style="color:red">now</span>.',
        )
        assert "<em>Monday</em>" in note.text
        assert 'href="https://example.org/x"' in note.text and 'rel="noopener noreferrer"' in note.text
        for refused in ("onclick", "<script", "alert", "<img", "style=", "<span"):
            assert refused not in note.text
        html = client.get("/envoy-heads-east/").content.decode()
        assert "<em>Monday</em>" in html and "steal()" not in html

    def test_a_bad_link_scheme_is_dropped(self, story, add):
        note = add(story, text='See <a href="javascript:alert(1)">this</a>.')
        assert "javascript" not in note.text and "this" in note.text

    def test_plain_lines_become_paragraphs(self, story, add):
        note = add(story, text="First line.\n\nSecond line & more.")
        assert note.text == "<p>First line.</p>\n\n<p>Second line &amp; more.</p>"

    def test_only_a_public_article_takes_a_note(self, story, add):
        for article in (make_draft(), make_scheduled()):
            with pytest.raises(ValidationError):
                add(article)
        with pytest.raises(ValidationError):
            add(story, text="<script>only markup</script>")
        assert not Correction.objects.exists()

    @pytest.mark.parametrize("notes", [0, 6])
    def test_the_page_costs_the_same_queries_whatever_its_notes(
        self, client, story, settings, django_assert_num_queries, notes, add
    ):
        settings.PAGE_CACHE_SECONDS = 0
        for n in range(notes):
            add(story, placement="top" if n % 2 else "bottom")
        services.correction_withdraw(correction=story.corrections.first() or add(story), reason="Wrong article.")
        cache.clear()
        # The same as test_pages.TestQueryCounts: the notes are one query, whatever their number.
        with django_assert_num_queries(12):
            assert client.get("/envoy-heads-east/").status_code == 200


class TestStructuredDataAndFeeds:
    def test_json_ld_carries_each_note_and_date_modified_moves(self, client, story, add):
        before = news_article(client.get("/envoy-heads-east/"))
        assert "correction" not in before
        note = add(story, text="It was <strong>Monday</strong> &amp; not Tuesday.")
        data = news_article(client.get("/envoy-heads-east/"))
        assert data["correction"] == [
            {
                "@type": "CorrectionComment",
                "url": f"http://testserver/envoy-heads-east/#correction-{note.pk}",
                "text": "It was Monday & not Tuesday.",
                "datePublished": timezone.localtime(note.published_at).isoformat(),
            }
        ]
        assert datetime.fromisoformat(data["dateModified"]) >= note.published_at.replace(microsecond=0)
        assert data["dateModified"] > before["dateModified"]
        assert data["datePublished"] == before["datePublished"]

    def test_feeds_show_the_article_as_updated(self, client, story, add):
        atom = ET.fromstring(client.get("/feed/atom/").content)
        updated_before = atom.find(f"{ATOM}entry").findtext(f"{ATOM}updated")
        note = add(story)
        entry = ET.fromstring(client.get("/feed/atom/").content).find(f"{ATOM}entry")
        assert entry.findtext(f"{ATOM}updated") > updated_before
        assert datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) >= note.published_at.replace(microsecond=0)
        assert entry.findtext(f"{ATOM}published") is not None

        item = ET.fromstring(client.get("/feed/").content).find("channel/item")
        modified = datetime.fromisoformat(item.findtext(f"{DCTERMS}modified"))
        assert modified >= note.published_at.replace(microsecond=0)
        assert item.findtext("guid") == "http://testserver/envoy-heads-east/"


class TestCorrectionsPage:
    def test_every_note_newest_first_paged(self, client, story, settings, add):
        settings.CORRECTIONS_PER_PAGE = 2
        other = make_article(title="Harbour reopens", slug="harbour-reopens")
        notes = [add(story if n % 2 else other, text=f"Note number {n}.") for n in range(5)]
        first = client.get("/corrections/").content.decode()
        assert first.index("Note number 4.") < first.index("Note number 3.")
        assert "Note number 2." not in first
        assert f'href="/envoy-heads-east/#correction-{notes[3].pk}"' in first
        assert 'href="/corrections/page/2/"' in first
        assert "Note number 0." in client.get("/corrections/page/3/").content.decode()

    @pytest.mark.parametrize("url", ["/corrections/page/4/", "/corrections/page/0/", "/corrections/page/abc/"])
    def test_a_page_that_is_not_there_is_a_404(self, client, story, settings, url, add):
        settings.CORRECTIONS_PER_PAGE = 2
        for n in range(5):
            add(story, text=f"Note number {n}.")
        assert client.get(url).status_code == 404

    def test_odd_page_numbers_get_the_first_page_or_its_address(self, client, story, add):
        add(story)
        assert client.get("/corrections/?page=abc").status_code == 200
        assert client.get("/corrections/?page=99999999999").status_code == 200
        response = client.get("/corrections/page/1/")
        assert response.status_code == 301 and response["Location"] == "/corrections/"

    def test_an_empty_list_says_so(self, client, db):
        assert "No corrections or updates yet." in client.get("/corrections/").content.decode()

    def test_notes_of_an_article_no_longer_public_are_not_listed(self, client, story, announced, add):
        add(story, text="A note on the envoy.")
        assert "A note on the envoy." in client.get("/corrections/").content.decode()
        announced(services.article_unpublish, articles=type(story).objects.filter(pk=story.pk))
        html = client.get("/corrections/").content.decode()
        assert "A note on the envoy." not in html and "Envoy heads east" not in html


class TestFreshness:
    def test_cached_pages_show_a_new_note_at_once(self, client, story, add):
        for url in ("/envoy-heads-east/", "/corrections/"):
            client.get(url)
            assert client.get(url)["X-Page-Cache"] == "HIT"
        add(story, text="Fresh correction text.")
        for url in ("/envoy-heads-east/", "/corrections/"):
            response = client.get(url)
            assert response["X-Page-Cache"] == "MISS", url
            assert "Fresh correction text." in response.content.decode(), url

    def test_the_corrections_page_names_its_key_and_its_articles(self, client, story, add):
        add(story)
        keys = client.get("/corrections/")["xkey"].split()
        assert {"corrections", "list", f"article-{story.pk}"} <= set(keys)

    def test_a_renamed_article_is_renamed_on_the_corrections_page(self, client, story, announced, add):
        add(story)
        client.get("/corrections/")
        story.title = "Envoy heads west instead"
        announced(services.article_save, article=story)
        assert "Envoy heads west instead" in client.get("/corrections/").content.decode()

    def test_a_withdrawal_is_announced(self, client, story, announced, editor, add):
        note = add(story, text="Soon withdrawn.")
        client.get("/envoy-heads-east/")
        announced(services.correction_withdraw, correction=note, reason="Meant for another story.", user=editor)
        html = client.get("/envoy-heads-east/").content.decode()
        assert "Soon withdrawn." not in html
        assert "was withdrawn on" in html


class TestAdmin:
    def add_url(self, story):
        return reverse("admin:articles_correction_add") + f"?article={story.pk}"

    def test_an_editor_adds_a_note_from_the_article_page(self, client, story, editor):
        client.force_login(editor)
        change = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
        assert self.add_url(story).replace("&", "&amp;") in change or self.add_url(story) in change
        assert client.get(self.add_url(story)).status_code == 200
        response = client.post(
            reverse("admin:articles_correction_add"),
            {"article": story.pk, "kind": "correction", "placement": "top", "text": "It was <em>Monday</em>."},
        )
        assert response.status_code == 302
        note = Correction.objects.get()
        assert note.created_by == editor and note.text == "<p>It was <em>Monday</em>.</p>"
        assert "It was <em>Monday</em>." in client.get("/envoy-heads-east/").content.decode()

    def test_a_draft_is_refused_with_a_message(self, client, editor):
        client.force_login(editor)
        draft = make_draft()
        response = client.post(
            reverse("admin:articles_correction_add"),
            {"article": draft.pk, "kind": "correction", "placement": "top", "text": "Nope."},
        )
        assert response.status_code == 200
        assert "Corrections and updates are for published articles" in response.content.decode()
        assert not Correction.objects.exists()

    def test_authors_cannot_correct(self, client, writer, story):
        client.force_login(writer)
        assert client.get(self.add_url(story)).status_code == 403
        response = client.post(
            reverse("admin:articles_correction_add"),
            {"article": story.pk, "kind": "correction", "placement": "top", "text": "Sneaky."},
        )
        assert response.status_code == 403
        assert not Correction.objects.exists()
        assert not writer.has_perm("articles.correct_article")

    def test_a_note_is_withdrawn_on_record_and_never_deleted(self, client, story, editor, add):
        note = add(story, text="To be withdrawn.")
        client.force_login(editor)
        change = reverse("admin:articles_correction_change", args=[note.pk])
        assert client.get(reverse("admin:articles_correction_delete", args=[note.pk])).status_code == 403
        changelist = client.get(reverse("admin:articles_correction_changelist")).content.decode()
        assert "delete_selected" not in changelist

        refused = client.post(change, {"withdraw_reason": "  "})
        assert refused.status_code == 200 and not Correction.objects.get().is_withdrawn

        assert client.post(change, {"withdraw_reason": "Posted on the wrong story."}).status_code == 302
        note.refresh_from_db()
        assert note.withdrawn_by == editor and note.withdrawal_reason == "Posted on the wrong story."
        assert note.withdrawn_at is not None and note.text == "<p>To be withdrawn.</p>"
        # Withdrawn: read-only from now on.
        assert client.post(change, {"withdraw_reason": "Again."}).status_code == 403

        html = client.get("/envoy-heads-east/").content.decode()
        assert "To be withdrawn." not in html
        date = timezone.localtime(note.published_at).strftime("%B %-d, %Y")
        assert f"A correction of {date} was withdrawn on" in html
        data = news_article(client.get("/envoy-heads-east/"))
        assert data["correction"][0]["text"].startswith("A correction of ")
        assert data["correction"][0]["datePublished"] == timezone.localtime(note.withdrawn_at).isoformat()

    def test_withdrawing_twice_is_refused(self, story, editor, add):
        note = add(story)
        services.correction_withdraw(correction=note, reason="Wrong.", user=editor)
        with pytest.raises(ValidationError):
            services.correction_withdraw(correction=note, reason="Wrong again.", user=editor)
