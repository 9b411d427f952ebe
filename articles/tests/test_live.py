"""Live coverage: the page, its entries and permalinks, key events, its JSON-LD, ending it, its freshness."""

import json
import re
from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from accounts.roles import AUTHORS, EDITORS
from articles.models import LiveCoverage, LiveEntry
from articles.services import (
    live_coverage_end,
    live_coverage_start,
    live_entry_delete,
    live_entry_save,
)

from .factories import (
    article_form_data,
    image_upload,
    make_article,
    make_author,
    make_category,
    make_draft,
    make_topic,
    make_user,
)

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
ENTRY_ID = re.compile(r'<article class="live-entry[^"]*" id="entry-(\d+)">')


@pytest.fixture
def cached_pages(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def story():
    return make_article(
        title="Storm makes landfall on the coast",
        slug="storm-live",
        category=make_category(name="World", slug="world"),
        author=make_author(name="Ethan Kim", slug="ethan-kim"),
        topic=make_topic(name="Storm", slug="storm"),
        excerpt="Follow the storm as it happens.",
        body="<p>The storm reached the coast this morning.</p>",
        published_at=timezone.now() - timedelta(hours=2),
    )


def add_entry(article, text, *, minutes_ago=0, key=False, user=None, **fields):
    entry = LiveEntry(
        article=article,
        text=text,
        is_key_event=key,
        created_at=timezone.now() - timedelta(minutes=minutes_ago),
        **fields,
    )
    return live_entry_save(entry=entry, user=user)


@pytest.fixture
def live_story(story, announced):
    announced(live_coverage_start, articles=[story], started_at=timezone.now() - timedelta(hours=1))
    add_entry(story, "Evacuation ordered for the bay. Buses leave at noon.", minutes_ago=50, key=True)
    add_entry(story, "Winds reach 120 km/h at the harbour.", minutes_ago=30)
    add_entry(story, "The storm makes landfall near the lighthouse.", minutes_ago=10, key=True)
    return story


def html(response):
    assert response.status_code == 200
    return response.content.decode()


def entry_ids(page):
    return [int(pk) for pk in ENTRY_ID.findall(page)]


def json_ld(response, kind):
    head = html(response).split("</head>")[0]
    blocks = [json.loads(text) for text in JSON_LD.findall(head)]
    return next(block for block in blocks if block["@type"] == kind)


# --- the page -------------------------------------------------------------------------------


class TestPage:
    def test_entries_newest_first_above_the_body_each_with_its_permalink(self, client, live_story):
        page = html(client.get("/storm-live/"))
        entries = list(LiveEntry.objects.filter(article=live_story).order_by("-created_at"))
        assert entry_ids(page) == [entry.pk for entry in entries]
        for entry in entries:
            assert f'href="#entry-{entry.pk}"' in page
        assert page.index('id="live"') < page.index('class="article__body"')
        assert page.index("The storm makes landfall near the lighthouse.") < page.index("Winds reach 120 km/h")

    def test_key_events_are_summarised_at_the_top(self, client, live_story):
        page = html(client.get("/storm-live/"))
        summary = page[page.index('id="live-key-events"') : page.index("</ol>", page.index('id="live-key-events"'))]
        landfall, evacuation = LiveEntry.objects.filter(article=live_story, is_key_event=True).order_by("-created_at")
        # The first sentence of each key event, newest first, linking to its entry.
        assert re.findall(r'href="#entry-(\d+)"', summary) == [str(landfall.pk), str(evacuation.pk)]
        assert "Evacuation ordered for the bay." in summary
        assert "Buses leave at noon" not in summary
        assert "Winds reach" not in summary
        assert page.index('id="live-key-events"') < page.index('id="live-entries"')

    def test_a_live_page_polls_with_its_script_and_no_inline_code(self, client, live_story):
        page = html(client.get("/storm-live/"))
        newest = LiveEntry.objects.filter(article=live_story).latest("created_at")
        assert 'data-live-url="/storm-live/live/"' in page
        assert f'data-after="{newest.pk}"' in page
        assert 'src="/static/js/live.js"' in page
        assert 'role="status" aria-live="polite"' in page
        assert not re.search(r"<script(?![^>]*(?:\ssrc=|application/ld\+json))", page)
        assert " on" + "click=" not in page and "style=" not in page

    def test_entry_text_keeps_a_little_markup_and_nothing_else(self, client, story, announced):
        announced(live_coverage_start, articles=[story])
        entry = add_entry(
            story,
            'Roads <strong>closed</strong>, see <a href="https://example.org/roads">the map</a>'
            '<script>alert(1)</script><img src="https://tracker.example/x.gif"><h2>big</h2>'
            '<a href="javascript:alert(1)">x</a>',
        )
        assert "<script" not in entry.text and "<img" not in entry.text and "<h2>" not in entry.text
        assert "javascript:" not in entry.text
        assert "<strong>closed</strong>" in entry.text
        page = html(client.get("/storm-live/"))
        assert 'href="https://example.org/roads" rel="noopener noreferrer"' in page
        assert "alert(1)" not in page

    def test_an_entry_image_needs_alt_text_and_is_shown_with_it(self, client, story, announced, media_root):
        announced(live_coverage_start, articles=[story])
        entry = LiveEntry(article=story, text="The pier, this morning.", image=image_upload("pier.jpg"))
        with pytest.raises(Exception) as refused:
            entry.full_clean()
        assert "image_alt" in refused.value.message_dict
        entry.image_alt = "Waves breaking over the pier"
        entry.full_clean()
        live_entry_save(entry=entry)
        page = html(client.get("/storm-live/"))
        assert f'src="{entry.image.url}" alt="Waves breaking over the pier" width="120" height="68"' in page

    def test_an_entry_without_text_is_refused(self, story):
        entry = LiveEntry(article=story, text="<script>x</script>  ")
        with pytest.raises(Exception) as refused:
            entry.full_clean()
        assert "text" in refused.value.message_dict

    def test_a_draft_live_article_shows_nothing_to_readers(self, client, announced):
        draft = make_draft(slug="embargoed-live")
        announced(live_coverage_start, articles=[draft])
        add_entry(draft, "Not for readers yet.")
        assert client.get("/embargoed-live/").status_code == 404
        assert client.get("/embargoed-live/live/").status_code == 404

    def test_an_ordinary_article_has_no_live_block(self, client, story):
        page = html(client.get("/storm-live/"))
        assert 'id="live"' not in page and "live.js" not in page
        assert client.get("/storm-live/live/").status_code == 404
        assert json_ld(client.get("/storm-live/"), "NewsArticle")


# --- the live updates the script asks for -------------------------------------------------


class TestLiveUpdates:
    def test_the_entries_after_a_given_one_newest_first_written_as_the_page_has_them(self, client, live_story):
        evacuation, winds, landfall = LiveEntry.objects.filter(article=live_story).order_by("created_at")
        data = client.get(f"/storm-live/live/?after={evacuation.pk}").json()
        assert data["live"] is True and data["truncated"] is False
        assert [entry["id"] for entry in data["entries"]] == [landfall.pk, winds.pk]
        assert [entry["key_event"] for entry in data["entries"]] == [True, False]
        assert f'id="entry-{landfall.pk}"' in data["entries"][0]["html"]
        assert f'href="#entry-{landfall.pk}"' in data["entries"][0]["key_event_html"]
        assert data["entries"][1]["key_event_html"] == ""
        assert client.get(f"/storm-live/live/?after={landfall.pk}").json()["entries"] == []

    def test_text_arrives_escaped(self, client, story, announced):
        announced(live_coverage_start, articles=[story])
        add_entry(story, 'Fish &amp; chips <b>&lt;script&gt;</b> "quoted"')
        fragment = client.get("/storm-live/live/").json()["entries"][0]["html"]
        assert "<script>" not in fragment and "&lt;script&gt;" in fragment

    @pytest.mark.parametrize("after", ["abc", "-1", "0", "99999999999999", ""])
    def test_odd_parameters_get_every_entry_never_an_error(self, client, live_story, after):
        response = client.get("/storm-live/live/", {"after": after})
        assert response.status_code == 200
        assert len(response.json()["entries"]) == 3 or after == "99999999999999"

    def test_ended_coverage_says_so(self, client, live_story, announced):
        announced(live_coverage_end, articles=[live_story])
        assert client.get("/storm-live/live/").json()["live"] is False


# --- ending the coverage ------------------------------------------------------------------


class TestEnding:
    def test_ending_makes_an_ordinary_article_with_its_entries_kept(self, client, live_story, announced):
        assert announced(live_coverage_end, articles=[live_story]) == 1
        page = html(client.get("/storm-live/"))
        assert "live.js" not in page and "data-live-url" not in page
        assert "This live coverage ran from" in page
        assert len(entry_ids(page)) == 3
        assert LiveEntry.objects.filter(article=live_story).count() == 3
        data = json_ld(client.get("/storm-live/"), "LiveBlogPosting")
        ended = LiveCoverage.objects.get(article=live_story).ended_at
        assert datetime.fromisoformat(data["coverageEndTime"]) == ended.replace(microsecond=0) or abs(
            datetime.fromisoformat(data["coverageEndTime"]) - ended
        ) < timedelta(seconds=1)

    def test_ending_twice_keeps_the_first_end_and_starting_again_goes_on(self, live_story, announced):
        announced(live_coverage_end, articles=[live_story])
        first_end = LiveCoverage.objects.get(article=live_story).ended_at
        assert announced(live_coverage_end, articles=[live_story]) == 0
        assert LiveCoverage.objects.get(article=live_story).ended_at == first_end
        started = LiveCoverage.objects.get(article=live_story).started_at
        assert announced(live_coverage_start, articles=[live_story]) == 1
        coverage = LiveCoverage.objects.get(article=live_story)
        assert coverage.ended_at is None and coverage.started_at == started

    def test_an_entry_needs_live_coverage(self, story):
        with pytest.raises(ValueError):
            live_entry_save(entry=LiveEntry(article=story, text="Too early."))


# --- structured data: Google's requirements --------------------------------------------------

ISO_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$")


def google_live_blog_problems(data, page_url):
    """What Google's documented requirements for a live blog find wrong with a LiveBlogPosting block.

    Google's live blog guidelines (once at developers.google.com/search/docs/data-types/live-blog,
    as quoted by publishers' tools since) and its Article structured data page
    (developers.google.com/search/docs/appearance/structured-data/article):
    - LiveBlogPosting: `coverageStartTime` (required), `coverageEndTime` (required; the time coverage
      stopped: given once it has ended, never before it started), `liveBlogUpdate` (required, a list of
      BlogPosting); as for every Article, recommended `headline` (at most 110 characters),
      `datePublished`, `dateModified`, `author` (each with `name` and `url`) and `image`.
    - each BlogPosting update: `headline`, `datePublished` and `articleBody` (its text) required;
      `url` recommended, the live blog's own address with an anchor for the update, no query
      parameters; `image` when the update has a picture.
    - dates and times in ISO 8601 with a time zone.
    """
    problems = []

    def need(block, name, where):
        if block.get(name) in (None, "", []):
            problems.append(f"{where}: {name} is missing")
            return False
        return True

    def moment(block, name, where):
        value = block.get(name)
        if value is not None and not (isinstance(value, str) and ISO_DATETIME.match(value)):
            problems.append(f"{where}: {name} {value!r} is not an ISO 8601 date and time with a time zone")
            return None
        return datetime.fromisoformat(value) if value else None

    if data.get("@type") != "LiveBlogPosting":
        problems.append(f"@type is {data.get('@type')!r}, not LiveBlogPosting")
    for name in ("headline", "datePublished", "dateModified", "author", "image", "coverageStartTime"):
        need(data, name, "LiveBlogPosting")
    if len(data.get("headline") or "") > 110:
        problems.append("LiveBlogPosting: headline is longer than 110 characters")
    for author in data.get("author") or []:
        need(author, "name", "author")
        need(author, "url", "author")
    start = moment(data, "coverageStartTime", "LiveBlogPosting")
    end = moment(data, "coverageEndTime", "LiveBlogPosting")
    moment(data, "datePublished", "LiveBlogPosting")
    modified = moment(data, "dateModified", "LiveBlogPosting")
    if start and end and end < start:
        problems.append("LiveBlogPosting: coverageEndTime is before coverageStartTime")
    updates = data.get("liveBlogUpdate")
    if not isinstance(updates, list) or not updates:
        problems.append("LiveBlogPosting: liveBlogUpdate is missing (a list of BlogPosting)")
        updates = []
    for number, update in enumerate(updates):
        where = f"liveBlogUpdate[{number}]"
        if update.get("@type") != "BlogPosting":
            problems.append(f"{where}: @type is {update.get('@type')!r}, not BlogPosting")
        for name in ("headline", "datePublished", "articleBody", "url"):
            need(update, name, where)
        if len(update.get("headline") or "") > 110:
            problems.append(f"{where}: headline is longer than 110 characters")
        published = moment(update, "datePublished", where)
        if published and modified and published > modified:
            problems.append(f"{where}: published after the live blog's dateModified")
        url = update.get("url") or ""
        if not re.fullmatch(re.escape(page_url) + r"#[\w-]+", url):
            problems.append(f"{where}: url {url!r} is not the page's address with an anchor")
    return problems


class TestStructuredData:
    def test_a_live_article_meets_googles_requirements(self, client, live_story, media_root):
        live_story.featured_image = image_upload("storm.jpg", size=(1200, 675))
        live_story.featured_image_alt = "The storm over the bay"
        from articles.services import article_save

        article_save(article=live_story)
        data = json_ld(client.get("/storm-live/"), "LiveBlogPosting")
        assert google_live_blog_problems(data, "http://testserver/storm-live/") == []
        assert "coverageEndTime" not in data, "no end time while the coverage goes on"
        entries = list(LiveEntry.objects.filter(article=live_story).order_by("-created_at"))
        assert [update["url"] for update in data["liveBlogUpdate"]] == [
            f"http://testserver/storm-live/#entry-{entry.pk}" for entry in entries
        ]
        assert data["liveBlogUpdate"][2]["headline"] == "Evacuation ordered for the bay."
        assert data["liveBlogUpdate"][2]["articleBody"] == "Evacuation ordered for the bay. Buses leave at noon."
        assert datetime.fromisoformat(data["dateModified"]) >= entries[0].created_at.replace(microsecond=0)

    def test_ended_coverage_meets_them_with_its_end_time(self, client, live_story, announced):
        announced(live_coverage_end, articles=[live_story])
        data = json_ld(client.get("/storm-live/"), "LiveBlogPosting")
        problems = google_live_blog_problems(data, "http://testserver/storm-live/")
        assert [problem for problem in problems if "image" not in problem] == []
        assert data["coverageEndTime"] >= data["coverageStartTime"]

    def test_an_entry_with_a_picture_and_a_writer_names_them(self, client, story, announced, media_root):
        user = make_user(username="lily", groups=[EDITORS])
        make_author(name="Lily Rose", slug="lily-rose", user=user)
        announced(live_coverage_start, articles=[story])
        add_entry(story, "The pier.", image=image_upload("pier.jpg"), image_alt="The pier", user=user)
        update = json_ld(client.get("/storm-live/"), "LiveBlogPosting")["liveBlogUpdate"][0]
        assert update["author"] == [
            {"@type": "Person", "name": "Lily Rose", "url": "http://testserver/author/lily-rose/"}
        ]
        assert update["image"][0].startswith("http://testserver/media/live/")
        assert 'by <a href="/author/lily-rose/">Lily Rose</a>' in html(client.get("/storm-live/"))

    @pytest.mark.parametrize(
        "break_it, problem",
        [
            (lambda data: data.pop("coverageStartTime"), "coverageStartTime is missing"),
            (lambda data: data.update(coverageStartTime="yesterday"), "not an ISO 8601"),
            (lambda data: data.update(liveBlogUpdate=[]), "liveBlogUpdate is missing"),
            (lambda data: data["liveBlogUpdate"][0].pop("articleBody"), "articleBody is missing"),
            (lambda data: data["liveBlogUpdate"][0].pop("datePublished"), "datePublished is missing"),
            (lambda data: data["liveBlogUpdate"][0].update(url="http://testserver/storm-live/?e=1"), "anchor"),
            (lambda data: data.update(coverageEndTime="2000-01-01T00:00:00+00:00"), "before coverageStartTime"),
            (lambda data: data.update({"@type": "NewsArticle"}), "not LiveBlogPosting"),
        ],
    )
    def test_the_check_finds_what_google_would_refuse(self, client, live_story, break_it, problem):
        data = json_ld(client.get("/storm-live/"), "LiveBlogPosting")
        break_it(data)
        assert any(problem in found for found in google_live_blog_problems(data, "http://testserver/storm-live/"))


# --- freshness -------------------------------------------------------------------------------


class TestFreshness:
    def test_a_new_entry_appears_on_the_cached_page_and_updates_at_once(
        self, client, live_story, announced, cached_pages
    ):
        client.get("/storm-live/")
        cached = client.get("/storm-live/")
        assert cached["X-Page-Cache"] == "HIT"
        newest = entry_ids(html(cached))[0]
        client.get(f"/storm-live/live/?after={newest}")
        assert client.get(f"/storm-live/live/?after={newest}")["X-Page-Cache"] == "HIT"

        entry = announced(add_entry, live_story, "The bridge is closed.")

        page = client.get("/storm-live/")
        assert page["X-Page-Cache"] == "MISS"
        assert entry_ids(html(page))[0] == entry.pk
        updates = client.get(f"/storm-live/live/?after={newest}")
        assert [item["id"] for item in updates.json()["entries"]] == [entry.pk]

    def test_a_changed_or_removed_entry_and_the_end_reach_the_cached_page(
        self, client, live_story, announced, cached_pages
    ):
        client.get("/storm-live/")
        entry = LiveEntry.objects.filter(article=live_story).latest("created_at")
        entry.text = "The storm makes landfall near the old lighthouse."
        announced(live_entry_save, entry=entry)
        assert "near the old lighthouse" in html(client.get("/storm-live/"))
        announced(live_entry_delete, entries=LiveEntry.objects.filter(pk=entry.pk))
        assert f'id="entry-{entry.pk}"' not in html(client.get("/storm-live/"))
        announced(live_coverage_end, articles=[live_story])
        assert "live.js" not in html(client.get("/storm-live/"))

    def test_an_entry_of_a_draft_announces_nothing(self, announced, django_capture_on_commit_callbacks):
        draft = make_draft(slug="quiet-draft")
        with django_capture_on_commit_callbacks() as callbacks:
            live_coverage_start(articles=[draft])
            add_entry(draft, "Nobody sees this yet.")
        assert callbacks == []


# --- the number of queries -----------------------------------------------------------------


class TestQueryCount:
    """The entries are one query, whatever their number; the coverage comes with the article."""

    @pytest.fixture(autouse=True)
    def _render_every_time(self, settings):
        settings.PAGE_CACHE_SECONDS = 0

    @pytest.mark.parametrize("extra", [0, 30])
    def test_a_live_page_costs_the_same_whatever_its_entries(
        self, client, live_story, django_assert_num_queries, extra
    ):
        user = make_user(groups=[EDITORS])
        make_author(name="Desk", slug="desk", user=user)
        for number in range(extra):
            add_entry(live_story, f"Update {number}.", key=number % 3 == 0, user=user)
        cache.clear()
        # as test_pages pins it for any article (the article comes with its coverage, and says it has
        # no translation), and its entries
        with django_assert_num_queries(13):
            assert client.get("/storm-live/").status_code == 200

    @pytest.mark.parametrize("extra", [0, 30])
    def test_live_updates_cost_the_same_whatever_their_number(
        self, client, live_story, django_assert_num_queries, extra
    ):
        for number in range(extra):
            add_entry(live_story, f"Update {number}.")
        cache.clear()
        # the article with its coverage, its entries (no chrome: it is not a page)
        with django_assert_num_queries(2):
            assert client.get("/storm-live/live/").status_code == 200


# --- the admin -------------------------------------------------------------------------------


def entry_inline_data(entries=(), new=None):
    """The live entry inline of the article change form: the entries as they are, and a new one."""
    data = {
        "live_entries-TOTAL_FORMS": str(len(entries) + 1),
        "live_entries-INITIAL_FORMS": str(len(entries)),
        "live_entries-MIN_NUM_FORMS": "0",
        "live_entries-MAX_NUM_FORMS": "1000",
    }
    for number, entry in enumerate(entries):
        data[f"live_entries-{number}-id"] = str(entry.pk)
        data[f"live_entries-{number}-article"] = str(entry.article_id)
        data[f"live_entries-{number}-text"] = entry.text
        data[f"live_entries-{number}-image_alt"] = entry.image_alt
        if entry.is_key_event:
            data[f"live_entries-{number}-is_key_event"] = "on"
    last = len(entries)
    data[f"live_entries-{last}-text"] = ""
    data[f"live_entries-{last}-image_alt"] = ""
    if new:
        data.update({f"live_entries-{last}-{name}": value for name, value in new.items()})
    return data


class TestAdmin:
    def change_url(self, article):
        return f"/admin/articles/article/{article.pk}/change/"

    def test_an_editor_starts_coverage_writes_entries_and_ends_it(self, client, story, announced):
        editor = make_user(username="desk", groups=[EDITORS])
        client.force_login(editor)
        response = announced(
            client.post,
            "/admin/articles/article/",
            {"action": "start_live_coverage", "_selected_action": [story.pk]},
        )
        assert response.status_code == 302
        assert LiveCoverage.objects.get(article=story).is_live

        form = client.get(self.change_url(story))
        assert b"Live entries" in form.content
        version = story.edit_version
        data = {
            **article_form_data(story, opened_version=version),
            **entry_inline_data(new={"text": "Roads closed.", "is_key_event": "on"}),
        }
        response = announced(client.post, self.change_url(story), data)
        assert response.status_code == 302, response.content.decode()[:3000]
        entry = LiveEntry.objects.get(article=story)
        assert (entry.text, entry.is_key_event, entry.created_by) == ("<p>Roads closed.</p>", True, editor)
        story.refresh_from_db()
        assert story.edit_version == version, "an entry alone is not a change of the article"

        # A second editor with the form opened before that entry still adds theirs.
        other = make_user(username="desk2", groups=[EDITORS])
        client.force_login(other)
        data = {
            **article_form_data(story, opened_version=version),
            **entry_inline_data([entry], new={"text": "Power is out."}),
        }
        assert announced(client.post, self.change_url(story), data).status_code == 302
        assert LiveEntry.objects.filter(article=story).count() == 2
        assert "Power is out." in client.get("/storm-live/").content.decode()

        response = announced(
            client.post, "/admin/articles/article/", {"action": "end_live_coverage", "_selected_action": [story.pk]}
        )
        assert response.status_code == 302
        assert not LiveCoverage.objects.get(article=story).is_live

    def test_an_entry_with_a_picture_and_no_alt_text_is_refused_on_the_form(self, client, story, announced):
        client.force_login(make_user(groups=[EDITORS]))
        announced(live_coverage_start, articles=[story])
        data = {
            **article_form_data(story, opened_version=story.edit_version),
            **entry_inline_data(new={"text": "The pier.", "image": image_upload("pier.jpg")}),
        }
        response = client.post(self.change_url(story), data)
        assert response.status_code == 200
        assert "Describe the image" in response.content.decode()
        assert not LiveEntry.objects.exists()

    def test_an_author_covers_their_own_draft_live_but_not_a_published_article(self, client, announced):
        user = make_user(username="wanda", groups=[AUTHORS])
        wanda = make_author(name="Wanda Writer", slug="wanda-writer", user=user)
        draft = make_draft(slug="wandas-draft", author=wanda)
        published = make_article(slug="wandas-published", author=wanda)
        client.force_login(user)
        announced(
            client.post,
            "/admin/articles/article/",
            {"action": "start_live_coverage", "_selected_action": [draft.pk, published.pk]},
        )
        assert LiveCoverage.objects.filter(article=draft).exists()
        assert not LiveCoverage.objects.filter(article=published).exists()
        data = {
            **article_form_data(draft, opened_version=draft.edit_version),
            **entry_inline_data(new={"text": "Ready for when it goes out."}),
        }
        assert announced(client.post, self.change_url(draft), data).status_code == 302
        assert LiveEntry.objects.filter(article=draft).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the entries' index is checked on PostgreSQL")
def test_the_entries_are_read_through_their_index(live_story):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        sql, params = live_story.live_entries.for_page().query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "liveentry_article_recent" in plan or "Index" in plan
