"""Whatever is posted as a comment gets a clear 4xx, a form error or a redirect, never a 500.

Runs once the comments app provides its posting view (`comments:post`);
until then it skips.
"""

import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

spam = pytest.importorskip("comments.spam", reason="the comments app has no posting yet")

try:
    POST_URL = reverse("comments:post")
except NoReverseMatch:
    POST_URL = None

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(POST_URL is None, reason="the comments app has no posting address yet"),
]

fuzz = settings(
    max_examples=80,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
any_text = st.text(max_size=400)
ANSWERS = {303, 400, 403, 409, 429}


@pytest.fixture
def article():
    from articles.tests.factories import make_article

    return make_article(title="Envoy heads east", slug="envoy-heads-east")


@pytest.fixture
def commenter(settings):
    settings.COMMENTS_RATE_LIMITS = []
    settings.SECURE_SSL_REDIRECT = False
    return Client(raise_request_exception=False)


def valid_token(article):
    return spam.issue_form_token(article.pk, now=time.time() - 10)


@fuzz
@given(
    comment=any_text,
    name=any_text,
    email=st.one_of(any_text, st.emails()),
    website=any_text,
    parent=st.one_of(any_text, st.integers(min_value=-(2**70), max_value=2**70).map(str)),
    honeypot=st.sampled_from(["", "filled"]),
    token_kind=st.sampled_from(["valid", "garbage", "missing"]),
    article_kind=st.sampled_from(["real", "garbage", "missing", "huge"]),
)
def test_any_comment_post_gets_a_clear_answer(
    commenter, article, comment, name, email, website, parent, honeypot, token_kind, article_kind
):
    data = {"comment": comment, "name": name, "email": email, "website": website, "parent": parent}
    data["subject"] = honeypot
    data["token"] = {"valid": valid_token(article), "garbage": name, "missing": None}[token_kind]
    data["article"] = {"real": str(article.pk), "garbage": comment[:20], "missing": None, "huge": "9" * 40}[
        article_kind
    ]
    response = commenter.post(POST_URL, {key: value for key, value in data.items() if value is not None})
    assert response.status_code in ANSWERS | {404}, response.status_code
    if article_kind == "real" and response.status_code in (400, 403, 409):
        html = response.content.decode()
        assert "<form" in html, "a rejected comment comes back in its form"


@fuzz
@given(body=st.binary(max_size=600))
def test_any_comment_body_bytes_get_a_clear_answer(commenter, article, body):
    response = commenter.post(POST_URL, body, content_type="application/x-www-form-urlencoded")
    assert 400 <= response.status_code < 500 or response.status_code == 303


@pytest.mark.django_db(transaction=True)
def test_a_comment_posted_during_a_database_outage_is_given_back(commenter, article, settings):
    from comments import views

    if getattr(views.post_comment, "outage_form", None) is None:
        pytest.skip("comments.views.post_comment is not marked with newsportal.outage.keeps_form_on_outage yet")
    data = {
        "article": str(article.pk),
        "comment": "Kept <b>safe</b> during the outage",
        "name": "Ada",
        "email": "ada@example.org",
        "token": valid_token(article),
    }
    saved_connection, saved_settings = connection.connection, dict(connection.settings_dict)
    connection.connection = None
    connection.settings_dict.update(HOST="127.0.0.1", PORT="1", NAME="/nonexistent-directory/db.sqlite3")
    try:
        response = commenter.post(POST_URL, data)
    finally:
        connection.settings_dict.clear()
        connection.settings_dict.update(saved_settings)
        connection.connection = saved_connection
    html = response.content.decode()
    assert response.status_code == 503
    assert "What you sent has not been saved." in html
    assert "Kept &lt;b&gt;safe&lt;/b&gt; during the outage</textarea>" in html
