"""Posting from a shared page takes one press, with or without JavaScript, and
a post from another site is still refused with the text kept."""

import re
import time

import pytest

from comments.models import Comment
from comments.tests.factories import comment_post, form_token, make_article, make_user
from comments.tests.test_posting import form_errors, kept_comment, value_of

POST_URL = "/comments/post/"


@pytest.fixture
def article(db):
    return make_article(slug="the-article")


def shared_form(client, article):
    """The form as the page cache hands it to every anonymous reader (no CSRF token of anyone's)."""
    client.get(article.get_absolute_url())  # stored
    html = client.get(article.get_absolute_url()).content.decode()  # served from the cache
    assert 'name="csrfmiddlewaretoken" value=""' in html
    return {"token": value_of(html, "token")}


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"},
        {"HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_SEC_FETCH_SITE": "none"},
        {"HTTP_ORIGIN": "http://testserver"},
    ],
    ids=["fetch-metadata-and-origin", "fetch-metadata", "typed-by-the-reader", "origin-only"],
)
def test_a_post_from_a_shared_page_is_accepted_at_once(csrf_client, article, settings, headers):
    settings.COMMENTS_MIN_SECONDS = 0
    form = shared_form(csrf_client, article)
    response = csrf_client.post(POST_URL, comment_post(article, comment="One press.", **form), **headers)
    assert response.status_code == 303, response.status_code
    assert Comment.objects.get().body == "One press."


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "http://shop.testserver"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "https://testserver"},  # another scheme is another origin
    ],
    ids=["cross-site", "same-site", "other-origin", "null-origin", "other-scheme"],
)
def test_a_post_from_another_site_is_refused_with_the_text_kept(csrf_client, article, headers):
    response = csrf_client.post(POST_URL, comment_post(article, comment="Forged words."), **headers)
    assert response.status_code == 403
    html = response.content.decode()
    assert "it was sent from a page of another site" in form_errors(html)
    assert kept_comment(html) == "Forged words."
    assert not Comment.objects.exists()


def test_a_cross_site_post_with_a_stolen_token_is_still_refused(csrf_client, article):
    csrf_client.get(f"/comments/form-token/{article.pk}/")
    token = csrf_client.cookies["csrftoken"].value
    response = csrf_client.post(
        POST_URL,
        comment_post(article, csrfmiddlewaretoken=token),
        HTTP_SEC_FETCH_SITE="cross-site",
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403 and not Comment.objects.exists()


def test_without_origin_or_fetch_metadata_a_token_is_needed_and_the_text_kept(csrf_client, article):
    response = csrf_client.post(POST_URL, comment_post(article, comment="Old browser."))
    assert response.status_code == 403
    assert "Please press “Post Comment” again" in form_errors(response.content.decode())
    assert kept_comment(response.content.decode()) == "Old browser."
    assert not Comment.objects.exists()


def test_a_trusted_origin_may_post(csrf_client, article, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://*.news.example"]
    response = csrf_client.post(POST_URL, comment_post(article), HTTP_ORIGIN="https://www.news.example")
    assert response.status_code == 303


def test_signed_in_readers_keep_the_token_check(csrf_client, article):
    csrf_client.force_login(make_user("rita"))
    data = comment_post(article, comment="Signed in.")
    del data["name"], data["email"]
    refused = csrf_client.post(POST_URL, data, HTTP_SEC_FETCH_SITE="same-origin", HTTP_ORIGIN="http://testserver")
    assert refused.status_code == 403
    assert kept_comment(refused.content.decode()) == "Signed in."
    # Their page carries their token, and with it the post goes through.
    token = value_of(refused.content.decode(), "csrfmiddlewaretoken")
    assert token
    accepted = csrf_client.post(POST_URL, {**data, "csrfmiddlewaretoken": token}, HTTP_SEC_FETCH_SITE="same-origin")
    assert accepted.status_code == 303


def test_a_form_sent_back_keeps_the_time_it_was_first_shown(client, article, settings):
    settings.COMMENTS_MIN_SECONDS = 3
    young = form_token(article, age=1)
    too_fast = client.post(POST_URL, comment_post(article, token=young))
    assert too_fast.status_code == 400
    assert "faster than a person can write" in form_errors(too_fast.content.decode())
    # The same timestamp comes back: two seconds later, the next press is not "too fast" again.
    assert value_of(too_fast.content.decode(), "token") == young
    time.sleep(2.1)
    again = client.post(POST_URL, comment_post(article, token=young, comment="Second press."))
    assert again.status_code == 303


@pytest.mark.parametrize("token", ["forged", "", None])
def test_a_form_with_a_bad_or_expired_timestamp_gets_a_fresh_one(client, article, settings, token):
    if token is None:
        token = form_token(article, age=settings.COMMENTS_MAX_FORM_AGE + 60)
    response = client.post(POST_URL, comment_post(article, token=token))
    fresh = value_of(response.content.decode(), "token")
    assert response.status_code == 400 and fresh and fresh != token
    assert re.fullmatch(r"[\w:.-]+", fresh)
