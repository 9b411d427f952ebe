"""Two editors on one article, over real HTTP: the second save is refused, nothing is lost, each sees the other."""

import html
import json
import re
import threading
import time

import pytest
from django.db import connection

from accounts.roles import EDITORS
from articles import services
from articles.models import Article
from newsportal.tests.test_processes import AdminSession, FormFields

from .factories import make_article, make_user

PASSWORD = "a-long-test-password-42"


def change_path(article):
    return f"/admin/articles/article/{article.pk}/change/"


def presence_path(article):
    return f"/admin/articles/article/{article.pk}/presence/"


def signed_in(live_server, username):
    session = AdminSession(live_server.url)
    session.sign_in(username, PASSWORD)
    return session


def form_of(page):
    parser = FormFields("article_form")
    parser.feed(page)
    return parser.fields


def edited(fields, **changes):
    return [(name, changes.get(name, value)) for name, value in fields] + [("_save", "Save")]


@pytest.fixture
def two_editors(transactional_db, live_server):
    make_user(username="ann", first_name="Ann", last_name="Archer", groups=[EDITORS])
    make_user(username="bob", first_name="Bob", last_name="Baker", groups=[EDITORS])
    return signed_in(live_server, "ann"), signed_in(live_server, "bob")


def test_the_second_save_is_refused_with_a_link_to_the_diff_and_its_text_kept(two_editors):
    ann, bob = two_editors
    article = make_article(title="Harbour reopens", body="<p>The harbour reopens today.</p>")
    ann_form = ann.form(change_path(article), "article_form")
    bob_form = bob.form(change_path(article), "article_form")
    assert dict(bob_form)["opened_version"] == str(article.edit_version)

    ann.post(change_path(article), edited(ann_form, title="Harbour reopens at noon"))
    status, _headers, page = bob.request(
        "POST",
        change_path(article),
        edited(bob_form, title="Harbour reopens after the storm", body="<p>Bob rewrote the whole story.</p>"),
    )

    assert status == 200
    assert "Not saved: Ann Archer saved this article at" in page
    article.refresh_from_db()
    assert article.title == "Harbour reopens at noon"
    # Bob's text is still on the form, as he typed it.
    kept = dict(form_of(page))
    assert kept["title"] == "Harbour reopens after the storm"
    assert kept["body"] == "<p>Bob rewrote the whole story.</p>"
    # The link goes to the diff from the version Bob opened to Ann's.
    link = re.search(r'<a href="([^"]*/revisions/compare/\?old=\d+&amp;new=\d+)">See what they changed</a>', page)
    assert link, page[:3000]
    status, _headers, diff = bob.request("GET", html.unescape(link.group(1)))
    assert status == 200
    assert "Harbour reopens <ins>at noon</ins>" in diff
    assert "Ann Archer" in diff

    # Saving the kept form again, now that Bob has seen Ann's change, replaces it knowingly.
    bob.post(change_path(article), edited(form_of(page)))
    article.refresh_from_db()
    assert (article.title, article.body) == ("Harbour reopens after the storm", "<p>Bob rewrote the whole story.</p>")


def test_each_editor_sees_who_else_has_the_article_open(two_editors):
    ann, bob = two_editors
    article = make_article()
    first = ann.form(change_path(article), "article_form")
    status, _headers, bob_page = bob.request("GET", change_path(article))
    assert status == 200
    assert "Also open by Ann Archer." in bob_page  # on the page as it loads, without JavaScript
    assert 'src="/static/js/article-presence.js"' in bob_page

    token = dict(first)["csrfmiddlewaretoken"]
    status, _headers, answer = ann.request("POST", presence_path(article), {"csrfmiddlewaretoken": token})
    assert status == 200
    assert json.loads(answer)["others"] == ["Bob Baker"]
    assert "Also open by Bob Baker." in json.loads(answer)["text"]

    bob_token = dict(form_of(bob_page))["csrfmiddlewaretoken"]
    bob.request("POST", presence_path(article), {"csrfmiddlewaretoken": bob_token, "leaving": "1"})
    status, _headers, answer = ann.request("POST", presence_path(article), {"csrfmiddlewaretoken": token})
    assert json.loads(answer) == {"others": [], "text": ""}


def test_the_presence_endpoint_answers_only_posts(two_editors):
    ann, _bob = two_editors
    article = make_article()
    status, _headers, _page = ann.request("GET", presence_path(article))
    assert status == 405


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="SQLite's shared in-memory test database locks tables")
@pytest.mark.django_db(transaction=True)
def test_two_racing_saves_from_the_same_version_cannot_both_pass():
    """The first save holds its transaction open; the second, started meanwhile, must wait and then be refused."""
    article = make_article(title="Start")
    opened = article.edit_version
    first_inside, release = threading.Event(), threading.Event()
    outcome = {}

    def save(name, hold):
        try:
            copy = Article.objects.get(pk=article.pk)
            copy.title = name
            services.article_save(article=copy, save_related=hold, expected_version=opened)
            outcome[name] = "saved"
        except services.ArticleEditConflict:
            outcome[name] = "refused"
        finally:
            connection.close()

    def hold():
        first_inside.set()
        release.wait(10)

    first = threading.Thread(target=save, args=("First", hold))
    first.start()
    assert first_inside.wait(10)
    second = threading.Thread(target=save, args=("Second", None))
    second.start()
    time.sleep(0.5)
    assert second.is_alive(), "the second save did not wait for the first"
    release.set()
    first.join(10)
    second.join(10)
    assert outcome == {"First": "saved", "Second": "refused"}
    article.refresh_from_db()
    assert article.title == "First"
