"""Two editors on one article in real browsers: each sees the other arrive without a reload, and the second save
is refused with a way to the diff, its text kept. Pictures of the history and the diff go to --screenshots-dir."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import EDITORS
from articles import presence
from articles.tests.factories import make_article, make_user

pytestmark = [pytest.mark.browser, pytest.mark.screenshots]

PASSWORD = "a-long-test-password-42"


@pytest.fixture
def screenshots_dir(pytestconfig, tmp_path):
    chosen = pytestconfig.getoption("--screenshots-dir")
    folder = Path(chosen) if chosen else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def signed_in(new_page, username, url):
    page = new_page()
    page.goto(url)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(url) + "$"))
    return page


def test_two_editors_see_each_other_and_the_second_save_is_refused(
    new_page, transactional_db, monkeypatch, screenshots_dir
):
    monkeypatch.setattr(presence, "POLL_SECONDS", 1)
    make_user(username="ann", first_name="Ann", last_name="Archer", groups=[EDITORS])
    make_user(username="bob", first_name="Bob", last_name="Baker", groups=[EDITORS])
    article = make_article(title="Harbour reopens", body="<p>The harbour reopens today.</p><p>Ships wait.</p>")
    change = reverse("admin:articles_article_change", args=[article.pk])

    ann = signed_in(new_page, "ann", change)
    expect(ann.locator("#article-presence")).to_be_hidden()
    bob = signed_in(new_page, "bob", change)
    expect(bob.locator("#article-presence")).to_have_text(re.compile("Also open by Ann Archer"))
    # Ann's form learns of Bob without a reload.
    expect(ann.locator("#article-presence")).to_have_text(re.compile("Also open by Bob Baker"), timeout=5000)

    ann.locator("#id_title").fill("Harbour reopens at noon")
    ann.locator("#id_excerpt").fill("Ships may enter from noon.")
    ann.locator("input[name=_continue]").first.click()
    expect(ann.locator(".messagelist")).to_contain_text("was changed successfully")

    bob.locator("#id_title").fill("Harbour reopens after the storm")
    bob.locator("input[name=_continue]").first.click()
    expect(bob.locator(".errornote, .errorlist").first).to_be_visible()
    expect(bob.get_by_text("Not saved: Ann Archer saved this article")).to_be_visible()
    expect(bob.locator("#id_title")).to_have_value("Harbour reopens after the storm")
    bob.screenshot(path=screenshots_dir / "admin-edit-conflict-1280.png")

    bob.get_by_role("link", name="See what they changed").click()
    expect(bob.locator(".revision-diff ins").first).to_have_text("at noon")
    bob.set_viewport_size({"width": 1280, "height": 800})
    bob.screenshot(path=screenshots_dir / "admin-revision-diff-1280.png", full_page=True)
    bob.goto(reverse("admin:articles_article_history", args=[article.pk]))
    expect(bob.locator("#content-main tbody tr")).to_have_count(2)
    bob.screenshot(path=screenshots_dir / "admin-revision-history-1280.png", full_page=True)
