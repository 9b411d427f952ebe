"""Every way a POST can be wrong gets a clear answer, never a 500, and the
reader's text comes back with it."""

import html as html_lib
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from comments.tests.factories import comment_post, form_token, make_article, make_comment, trust_browser

POST_URL = "/comments/post/"


def field_error(html, field):
    match = re.search(rf'<span class="field-error" id="id_{field}_error">(.*?)</span>', html)
    return html_lib.unescape(match.group(1)) if match else None


def form_errors(html):
    block = re.search(r'<div class="form-errors" role="alert"[^>]*>(.*?)</div>', html, re.S)
    return html_lib.unescape(block.group(1)) if block else ""


def kept_comment(html):
    match = re.search(r'<textarea name="comment"[^>]*>\n?(.*?)</textarea>', html, re.S)
    return html_lib.unescape(match.group(1)) if match else None


def value_of(html, field):
    match = re.search(rf'<input type="[a-z]+" name="{field}"[^>]*?value="([^"]*)"', html)
    return html_lib.unescape(match.group(1)) if match else None


@pytest.fixture
def article(db):
    return make_article(slug="the-article")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"comment": ""}, "comment", "Please type your comment."),
        ({"comment": "   \n "}, "comment", "Please type your comment."),
        ({"name": ""}, "name", "Please enter your name."),
        ({"email": ""}, "email", "Please enter your email address."),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"website": "javascript:alert(1)"}, "website", "Enter a web address that starts with http:// or https://."),
        (
            {"website": "ftp://files.example.org/"},
            "website",
            "Enter a web address that starts with http:// or https://.",
        ),
        ({"website": "http://"}, "website", "Enter a web address that starts with http:// or https://."),
        ({"comment": "x" * 5001}, "comment", "Ensure this value has at most 5000 characters (it has 5001)."),
        ({"name": "n" * 101}, "name", "Ensure this value has at most 100 characters (it has 101)."),
        ({"email": "e" * 243 + "@example.org"}, "email", "Ensure this value has at most 254 characters (it has 255)."),
        ({"website": "https://example.org/" + "w" * 181}, "website", "Ensure this value has at most 200 characters"),
        ({"comment": "nul \x00 byte"}, "comment", "Null characters are not allowed."),
    ],
)
def test_each_invalid_field_is_named_next_to_it_and_everything_typed_is_kept(client, article, changes, field, message):
    data = comment_post(article, comment="My carefully written thoughts.", name="Lily", email="lily@example.org")
    data.update(changes)

    response = client.post(POST_URL, data)

    html = response.content.decode()
    assert response.status_code == 400
    assert Comment.objects.count() == 0
    assert message in field_error(html, field)
    assert 'aria-invalid="true"' in html and f'aria-describedby="id_{field}_error"' in html
    if field != "comment":
        assert kept_comment(html) == "My carefully written thoughts."
    if field != "name":
        assert value_of(html, "name") == data["name"]
    assert "Your comment was not sent yet" in form_errors(html)


def test_a_website_without_scheme_gets_https_and_the_limits_themselves_are_allowed(client, article):
    data = comment_post(
        article,
        comment="y" * 5000,
        name="n" * 100,
        email="e" * 242 + "@example.org",
        website="example.org/" + "p" * 176,
    )

    response = client.post(POST_URL, data)

    assert response.status_code == 303
    comment = Comment.objects.get()
    assert comment.website == "https://example.org/" + "p" * 176 and len(comment.website) == 196
    assert len(comment.body) == 5000 and len(comment.email) == 254


@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.TRASH])
def test_a_reply_to_a_comment_that_is_not_approved_is_refused(client, article, status):
    parent = make_comment(article, status=status)

    response = client.post(POST_URL, comment_post(article, parent=str(parent.pk), comment="My reply."))

    assert response.status_code == 400
    assert "is not on this article or is no longer available" in form_errors(response.content.decode())
    assert kept_comment(response.content.decode()) == "My reply."
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("parent", ["999999", "abc", "-3", "1.5", "9" * 30, "1 OR 1=1"])
def test_a_reply_to_a_comment_that_does_not_exist_is_refused(client, article, parent):
    response = client.post(POST_URL, comment_post(article, parent=parent, comment="Replying to a ghost."))

    html = response.content.decode()
    assert response.status_code == 400
    assert "is not on this article or is no longer available" in form_errors(html)
    assert kept_comment(html) == "Replying to a ghost."
    # Sent again, the text goes in as a new comment.
    assert '<input type="hidden" name="parent" id="comment_parent" value="">' in html


def test_a_reply_to_a_comment_of_another_article_is_refused(client, article):
    elsewhere = make_comment(make_article())

    response = client.post(POST_URL, comment_post(article, parent=str(elsewhere.pk)))

    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_a_reply_is_stored_under_its_parent_and_lands_on_it(client, article):
    parent = make_comment(article, name="HappyDays", email="happy@example.org")
    trust_browser(client, article)

    response = client.post(POST_URL, comment_post(article, parent=str(parent.pk), comment="Same here!"))

    reply = Comment.objects.get(body="Same here!")
    assert response.status_code == 303 and response["Location"] == f"/the-article/#comment-{reply.pk}"
    assert reply.parent == parent and reply.status == Comment.Status.APPROVED
    html = client.get("/the-article/").content.decode()
    parent_item = html[html.index(f'id="comment-{parent.pk}"') :]
    assert parent_item.index(f'id="comment-{reply.pk}"') < parent_item.index("</li>\n\n  </ol>")


def test_a_rejected_reply_shows_the_reply_form_again(client, article):
    parent = make_comment(article, name="BookLover27")

    response = client.post(POST_URL, comment_post(article, parent=str(parent.pk), email="", comment="Agree!"))

    html = response.content.decode()
    assert response.status_code == 400
    assert "Leave a Reply to BookLover27" in html
    assert f'name="parent" id="comment_parent" value="{parent.pk}"' in html


# --- Closed comments -------------------------------------------------------


def test_an_article_with_comments_switched_off_refuses_and_gives_the_text_back(client, article):
    article.comments_open = False
    article.save()

    response = client.post(POST_URL, comment_post(article, comment="Too late, but here is my view."))

    html = response.content.decode()
    assert response.status_code == 403
    assert "Comments are closed." in html
    assert "were closed before your comment arrived" in html
    assert "Too late, but here is my view.</textarea>" in html
    assert Comment.objects.count() == 0


def test_comments_close_the_set_number_of_days_after_publication(client, settings, db):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 7
    old = make_article(published_at=timezone.now() - timedelta(days=7, minutes=1))
    recent = make_article(published_at=timezone.now() - timedelta(days=6, hours=23))

    assert client.post(POST_URL, comment_post(old)).status_code == 403
    assert "Comments are closed." in client.get(old.get_absolute_url()).content.decode()
    assert client.post(POST_URL, comment_post(recent)).status_code == 303

    settings.COMMENTS_CLOSE_AFTER_DAYS = 0
    assert client.post(POST_URL, comment_post(old)).status_code == 303


# --- Escaping ---------------------------------------------------------------


def test_what_readers_type_is_shown_as_harmless_text(client, article):
    make_comment(
        article,
        name='"><img src=x onerror=alert(1)>',
        body="<script>alert('body')</script>\n\"><img src=x onerror=alert(2)>",
        website="javascript:alert(3)",
    )
    make_comment(article, name="<script>alert(4)</script>", website='https://ok.example/"onmouseover="alert(5)')

    html = client.get(article.get_absolute_url()).content.decode()
    thread = html[html.index('id="comments"') :]

    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "onerror=alert" not in thread.replace("&quot;&gt;&lt;img src=x onerror=alert", "")
    assert "javascript:" not in thread
    assert "&lt;script&gt;alert(&#x27;body&#x27;)&lt;/script&gt;" in thread
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in thread
    assert 'href="https://ok.example/&quot;onmouseover=&quot;alert(5)"' in thread


def test_a_posted_script_comes_back_escaped_in_the_form_too(client, article):
    evil = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'

    response = client.post(POST_URL, comment_post(article, comment=evil, name=evil, email="bad"))

    html = response.content.decode()
    assert response.status_code == 400
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert kept_comment(html) == evil and value_of(html, "name") == evil


def test_links_in_the_text_are_marked_nofollow_ugc(client, article):
    make_comment(article, body="see https://example.org/page and www.example.com")

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<a href="https://example.org/page" rel="nofollow ugc">https://example.org/page</a>' in html
    assert '<a href="https://www.example.com" rel="nofollow ugc">www.example.com</a>' in html


# --- CSRF -------------------------------------------------------------------


def test_a_post_without_a_csrf_token_is_refused_with_403_and_the_text_kept(csrf_client, article):
    response = csrf_client.post(POST_URL, comment_post(article, comment="Typed on a shared page."))

    html = response.content.decode()
    assert response.status_code == 403
    assert Comment.objects.count() == 0
    assert "Please press “Post Comment” again" in form_errors(html)
    assert kept_comment(html) == "Typed on a shared page."
    # The page that comes back carries a token of this reader's own: one more click sends it.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert "csrftoken" in response.cookies
    again = csrf_client.post(
        POST_URL, comment_post(article, comment="Typed on a shared page.", csrfmiddlewaretoken=token)
    )
    assert again.status_code == 303 and Comment.objects.get().body == "Typed on a shared page."


def test_a_reply_refused_for_its_csrf_token_comes_back_as_the_same_reply(csrf_client, article):
    parent = make_comment(article, name="LilyRose", status=Comment.Status.APPROVED)
    response = csrf_client.post(POST_URL, comment_post(article, comment="Agreed!", parent=str(parent.pk)))

    html = response.content.decode()
    assert response.status_code == 403
    assert f'name="parent" id="comment_parent" value="{parent.pk}"' in html
    assert "Leave a Reply to LilyRose" in html


def test_a_shared_page_carries_no_csrf_token_and_sets_no_cookie(client, article):
    """The page cache gives the same bytes to every anonymous reader, so the
    form carries no reader's token; comments.js fetches one (next test)."""
    first = client.get(article.get_absolute_url())
    second = client.get(article.get_absolute_url())

    assert first.content == second.content  # the second came from the cache
    assert not first.cookies
    assert '<input type="hidden" name="csrfmiddlewaretoken" value="">' in first.content.decode()
    assert f'data-token-url="/comments/form-token/{article.pk}/"' in first.content.decode()


def test_the_token_address_gives_a_reader_their_own_tokens_and_posting_with_them_works(csrf_client, article, settings):
    settings.COMMENTS_MIN_SECONDS = 0  # the form timestamp starts now; no waiting in a test
    response = csrf_client.get(f"/comments/form-token/{article.pk}/")

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert "csrftoken" in response.cookies
    tokens = response.json()
    posted = csrf_client.post(POST_URL, comment_post(article, **tokens, comment="Sent the JavaScript way."))
    assert posted.status_code == 303 and Comment.objects.get().body == "Sent the JavaScript way."
    assert Client().post(f"/comments/form-token/{article.pk}/").status_code == 405


def test_a_reader_with_a_private_page_gets_the_csrf_token_in_the_form(csrf_client, article, db):
    from comments.tests.factories import make_user

    csrf_client.force_login(make_user("reader"))
    page = csrf_client.get(article.get_absolute_url()).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    data = comment_post(article, csrfmiddlewaretoken=token)
    del data["name"], data["email"]
    assert csrf_client.post(POST_URL, data).status_code == 303


def test_other_csrf_failures_get_the_sites_own_page(csrf_client, article):
    response = csrf_client.post("/accounts/login/", {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert "This form had expired." in response.content.decode()


# --- Honeypot and timestamp -----------------------------------------------


def test_a_filled_honeypot_is_refused_and_the_text_kept(client, article):
    response = client.post(POST_URL, comment_post(article, subject="Buy now", comment="Genuine words."))

    html = response.content.decode()
    assert response.status_code == 400
    assert "a field meant to stay empty was filled in" in form_errors(html)
    assert kept_comment(html) == "Genuine words."
    assert '<input type="text" name="subject" id="id_subject" value=""' in html
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    ("token", "message"),
    [
        (lambda a: form_token(a, age=1), "faster than a person can write"),
        (lambda a: form_token(a, age=2 * 3600 + 5), "opened more than 2 hours ago"),
        (lambda a: "", "could not be checked"),
        (lambda a: "forged:token", "could not be checked"),
        (lambda a: form_token(a).replace(":", ";", 1), "could not be checked"),
        (lambda a: form_token(make_article()), "could not be checked"),
    ],
)
def test_a_missing_forged_too_young_or_too_old_timestamp_asks_to_try_again(client, article, token, message):
    sent = token(article)
    response = client.post(POST_URL, comment_post(article, token=sent, comment="Keep me."))

    html = response.content.decode()
    assert response.status_code == 400
    assert message in form_errors(html)
    assert kept_comment(html) == "Keep me."
    assert Comment.objects.count() == 0
    fresh = re.search(r'name="token" value="([^"]+)"', html).group(1)
    # A form sent too soon keeps the time it was first shown; a bad or expired one gets a new one.
    assert (fresh == sent) == (message == "faster than a person can write")


def test_the_re_rendered_form_can_be_sent_again_after_the_pause(client, article, settings):
    first = client.post(POST_URL, comment_post(article, token=form_token(article, age=0), comment="Second try."))
    fresh = re.search(r'name="token" value="([^"]+)"', first.content.decode()).group(1)
    settings.COMMENTS_MIN_SECONDS = 0

    again = client.post(POST_URL, comment_post(article, token=fresh, comment="Second try."))

    assert again.status_code == 303 and Comment.objects.get().body == "Second try."


# --- Rate limits and duplicates -------------------------------------------


def test_posting_again_too_soon_from_the_same_ip_is_refused_with_429(client, article, settings):
    settings.COMMENTS_RATE_LIMITS = ["1/15s", "10/1h"]

    assert client.post(POST_URL, comment_post(article)).status_code == 303
    response = client.post(POST_URL, comment_post(article, comment="Too quick."))

    html = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "15"
    assert "posting comments very quickly" in form_errors(html)
    assert kept_comment(html) == "Too quick."
    assert Comment.objects.count() == 1


def test_the_email_is_limited_too_whatever_the_ip(client, article, settings):
    settings.COMMENTS_RATE_LIMITS = ["2/1h"]

    for n, ip in enumerate(["10.0.0.1", "10.0.0.2", "10.0.0.3"]):
        response = client.post(
            POST_URL, comment_post(article, email="same@example.org", comment=f"Take {n}"), REMOTE_ADDR=ip
        )
    assert response.status_code == 429
    assert Comment.objects.count() == 2
    other = client.post(POST_URL, comment_post(article, email="other@example.org"), REMOTE_ADDR="10.0.0.4")
    assert other.status_code == 303


def test_a_form_error_does_not_use_up_the_rate_limit(client, article, settings):
    settings.COMMENTS_RATE_LIMITS = ["1/15s"]

    assert client.post(POST_URL, comment_post(article, email="typo@")).status_code == 400
    assert client.post(POST_URL, comment_post(article, email="fixed@example.org")).status_code == 303


def test_an_exact_duplicate_is_refused(client, article):
    data = comment_post(article, comment="Great article!", email="fan@example.org")
    assert client.post(POST_URL, data).status_code == 303

    response = client.post(POST_URL, data)

    assert response.status_code == 409
    assert "You have already posted this comment." in form_errors(response.content.decode())
    assert Comment.objects.count() == 1
    # The same words from someone else, or as a reply, are a different comment.
    assert client.post(POST_URL, {**data, "email": "other@example.org"}).status_code == 303


# --- Malformed requests ---------------------------------------------------


def test_a_get_to_the_post_address_is_405(client, db):
    assert client.get(POST_URL).status_code == 405


@pytest.mark.parametrize("article_field", [None, "", "abc", "-1", "1e5", "9" * 40])
def test_a_post_without_a_usable_article_is_400(client, article, article_field):
    response = client.post(POST_URL, comment_post(article, article=article_field))

    assert response.status_code == 400
    assert "Your comment could not be sent." in response.content.decode()


def test_a_post_for_an_unknown_or_unpublished_article_is_404(client, article):
    draft = make_article(status=Article.Status.DRAFT)
    scheduled = make_article(published_at=timezone.now() + timedelta(days=1))

    assert client.post(POST_URL, comment_post(article, article="999999")).status_code == 404
    assert client.post(POST_URL, comment_post(draft)).status_code == 404
    assert client.post(POST_URL, comment_post(scheduled)).status_code == 404


def test_a_post_with_no_fields_at_all_is_400(client, db):
    assert client.post(POST_URL, {}).status_code == 400
    assert client.post(POST_URL, "", content_type="application/x-www-form-urlencoded").status_code == 400


def test_a_huge_body_is_refused_without_a_500(client, article):
    response = client.post(POST_URL, comment_post(article, comment="z" * 3_000_000))

    assert response.status_code == 400
    assert Comment.objects.count() == 0


def test_invalid_utf8_is_answered_without_a_500(client, article):
    token = form_token(article)
    body = (
        f"article={article.pk}&name=Bad%FFBytes&email=bytes%40example.org&comment=caf%C3%A9+%FF%FE+ok&token={token}"
    ).encode()

    response = client.post(POST_URL, body, content_type="application/x-www-form-urlencoded")

    # Django decodes form data with replacement characters: stored, not a crash.
    assert response.status_code == 303
    comment = Comment.objects.get()
    assert (comment.name, comment.body) == ("Bad\ufffdBytes", "café \ufffd\ufffd ok")


def test_repeated_fields_and_odd_content_types_do_not_break_it(client, article):
    multi = client.post(POST_URL, {**comment_post(article), "parent": ["", "2"], "comment": ["a", "b"]})
    assert multi.status_code == 400  # the last value counts: parent 2 does not exist
    json_body = client.post(POST_URL, '{"comment": "hi"}', content_type="application/json")
    assert json_body.status_code == 400


def test_a_broken_multipart_body_or_too_many_fields_is_400(client, article):
    broken = client.post(POST_URL, b"--x\r\nnonsense", content_type="multipart/form-data; boundary=x")
    assert broken.status_code == 400
    many = client.post(POST_URL, {**comment_post(article), **{f"f{n}": "1" for n in range(1200)}})
    assert many.status_code == 400
    assert Comment.objects.count() == 0
