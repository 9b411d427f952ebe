"""A live article in Chromium: a new entry shows within 10 seconds without a reload; without JavaScript, on reload."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import LiveEntry
from articles.services import live_coverage_end, live_coverage_start, live_entry_save

from .content import build_newsroom

pytestmark = pytest.mark.browser

# What the issue promises a reader with the page open.
WITHIN_MS = 10_000


@pytest.fixture
def live_story(transactional_db):
    story = build_newsroom()["lead"]
    live_coverage_start(articles=[story], started_at=timezone.now() - timedelta(hours=1))
    post(story, "Talks begin behind closed doors.", minutes_ago=40, key=True)
    post(story, "Delegations break for lunch.", minutes_ago=15)
    return story


def post(story, text, *, minutes_ago=0, key=False):
    entry = LiveEntry(
        article=story, text=text, is_key_event=key, created_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return live_entry_save(entry=entry)


def test_a_new_entry_appears_at_the_top_without_a_reload(page, live_story):
    page.goto(live_story.get_absolute_url())
    entries = page.locator("#live-entries > .live-entry")
    expect(entries).to_have_count(2)
    expect(page.locator("#live-title .live__badge")).to_have_text("Live")
    # Gone if the page were loaded again.
    page.evaluate("window.stillTheSamePage = true")

    entry = post(live_story, "<strong>Breakthrough</strong>: both sides agree to a joint statement.", key=True)

    fresh = page.locator(f"#entry-{entry.pk}")
    expect(fresh).to_be_visible(timeout=WITHIN_MS)
    expect(entries).to_have_count(3)
    expect(entries.first).to_have_id(f"entry-{entry.pk}")
    expect(fresh.locator("strong")).to_have_text("Breakthrough")
    expect(fresh.locator(".live-entry__key")).to_have_text("Key event")
    expect(page.locator("#live-key-events li").first).to_contain_text("Breakthrough: both sides agree")
    expect(page.get_by_role("status")).to_have_text("1 new update")
    assert page.evaluate("window.stillTheSamePage") is True

    # Its permalink leads to it.
    fresh.locator(".live-entry__time").click()
    assert page.url.endswith(f"#entry-{entry.pk}")


def test_once_the_coverage_ends_the_page_stops_asking(page, live_story):
    page.goto(live_story.get_absolute_url())
    live_coverage_end(articles=[live_story])
    expect(page.get_by_role("status")).to_have_text("Live coverage has ended.", timeout=WITHIN_MS)
    asked = []
    page.on("request", lambda request: asked.append(request.url) if "/live/" in request.url else None)
    page.wait_for_timeout(9_000)
    assert asked == []
    page.reload()
    expect(page.locator(".live__badge")).to_have_count(0)
    expect(page.locator("#live-entries > .live-entry")).to_have_count(2)


def test_without_javascript_a_reload_shows_the_new_entry(new_page, live_story):
    page = new_page(java_script_enabled=False)
    page.goto(live_story.get_absolute_url())
    expect(page.locator("#live-entries > .live-entry")).to_have_count(2)

    entry = post(live_story, "The joint statement is signed.")

    page.reload()
    expect(page.locator("#live-entries > .live-entry").first).to_have_id(f"entry-{entry.pk}")
    expect(page.locator(f"#entry-{entry.pk}")).to_contain_text("The joint statement is signed.")
