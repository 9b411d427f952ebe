"""Readers report comments: the plain "Report" link, the uncached form page
with its own CSRF token, one report per reader, the rate limit, and the hold
that sends a comment back to the moderation queue once enough readers
reported it, dropping it from every cached page at once."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from comments.models import Comment, CommentReport
from comments.notifications import held_comment_message
from comments.tests.factories import make_article, make_comment, make_user


def report_url(comment):
    return reverse("comments:report", kwargs={"pk": comment.pk})


def reader(address, *, enforce_csrf_checks=True):
    """A reader's browser from its own address; its POSTs are CSRF-checked, as real ones are."""
    return Client(enforce_csrf_checks=enforce_csrf_checks, REMOTE_ADDR=address)


def send_report(browser, comment, **data):
    """Load the report page as a browser does, then send the form with the token it carried."""
    page = browser.get(report_url(comment))
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    data.setdefault("reason", "spam")
    return browser.post(report_url(comment), {"csrfmiddlewaretoken": token, **data})


@pytest.fixture
def article():
    return make_article(slug="envoy-talks")


@pytest.mark.django_db
def test_each_visible_comment_has_a_plain_report_link_on_the_shared_page(article, client):
    approved = make_comment(article, body="Worth reading.")
    held = make_comment(article, status=Comment.Status.PENDING, body="Held back.")

    html = client.get(article.get_absolute_url()).content.decode()

    assert f'href="/comments/{approved.pk}/report/"' in html
    assert f"/comments/{held.pk}/report/" not in html
    # The page is shared by every anonymous reader: the link carries nothing of one of them.
    assert "csrftoken" not in client.cookies


@pytest.mark.django_db
def test_the_report_page_is_never_cached_and_carries_the_readers_own_token(article):
    comment = make_comment(article, name="<b>Bold</b>", body="<script>alert(1)</script> hello")
    browser = reader("203.0.113.5")

    response = browser.get(report_url(comment))

    html = response.content.decode()
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert re.search(r'name="csrfmiddlewaretoken" value="[^"]+"', html)
    assert "csrftoken" in browser.cookies
    for reason in ("Spam or advertising", "Abuse or harassment", "Off-topic", "Misinformation", "Something else"):
        assert reason in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; hello" in html and "<script>alert(1)" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html


@pytest.mark.django_db
def test_a_report_is_recorded_and_answered_with_a_redirect_and_a_message(article):
    comment = make_comment(article)
    browser = reader("203.0.113.5")

    response = send_report(browser, comment, reason="abuse", text="Calls another reader names.")

    assert response.status_code == 303
    assert response["Location"] == report_url(comment)
    report = CommentReport.objects.get()
    assert (report.comment, report.reason, report.text) == (comment, "abuse", "Calls another reader names.")
    assert report.reader.startswith("ip:") and "203.0.113.5" not in report.reader
    after = browser.get(response["Location"]).content.decode()
    assert "Thank you. Your report was sent to the moderators." in after
    assert "You have reported this comment." in after and 'name="reason"' not in after
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED  # one reader is not enough


@pytest.mark.django_db
def test_a_report_without_the_readers_csrf_token_is_refused(article):
    comment = make_comment(article)
    browser = reader("203.0.113.5")
    browser.get(report_url(comment))

    response = browser.post(report_url(comment), {"reason": "spam"})

    assert response.status_code == 403
    assert not CommentReport.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [{"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"}, {"HTTP_ORIGIN": "http://testserver"}],
)
def test_an_anonymous_report_the_browser_says_is_from_this_site_needs_no_token(article, headers):
    """The same check as the comment form's (newsportal/csrf.py)."""
    comment = make_comment(article)

    response = reader("203.0.113.5").post(report_url(comment), {"reason": "spam"}, **headers)

    assert response.status_code == 303
    assert CommentReport.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
        {"HTTP_ORIGIN": "https://evil.example"},
    ],
)
def test_a_report_sent_from_another_site_is_refused(article, headers):
    comment = make_comment(article)
    browser = reader("203.0.113.5")
    page = browser.get(report_url(comment)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    response = browser.post(report_url(comment), {"reason": "spam", "csrfmiddlewaretoken": token}, **headers)

    assert response.status_code == 403
    assert not CommentReport.objects.exists()


@pytest.mark.django_db
def test_a_signed_in_readers_report_needs_their_token(article):
    comment = make_comment(article)
    browser = reader("203.0.113.5")
    browser.force_login(make_user("ann"))

    refused = browser.post(report_url(comment), {"reason": "spam"}, HTTP_SEC_FETCH_SITE="same-origin")

    assert refused.status_code == 403
    assert not CommentReport.objects.exists()
    assert send_report(browser, comment).status_code == 303


@pytest.mark.django_db
def test_one_reader_counts_once_per_comment(article, settings):
    settings.COMMENTS_REPORT_HOLD_AT = 2
    comment = make_comment(article)
    browser = reader("203.0.113.5")

    send_report(browser, comment)
    # A second press, from the form still open in another tab.
    token = browser.cookies["csrftoken"].value
    response = browser.post(report_url(comment), {"reason": "abuse", "csrfmiddlewaretoken": token}, follow=True)

    assert CommentReport.objects.count() == 1
    assert "You have reported this comment already." in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


@pytest.mark.django_db
def test_signed_in_readers_are_counted_by_their_account(article, settings):
    settings.COMMENTS_REPORT_HOLD_AT = 2
    comment = make_comment(article)
    for name in ("ann", "bob"):
        browser = reader("127.0.0.1")  # one shared address, two people
        browser.force_login(make_user(name))
        send_report(browser, comment)

    assert sorted(CommentReport.objects.values_list("reader", flat=True)) == sorted(
        f"user:{pk}" for pk in CommentReport.objects.values_list("user_id", flat=True)
    )
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


@pytest.mark.django_db
def test_enough_readers_send_a_comment_back_to_moderation_and_off_every_cached_page(
    article, client, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_REPORT_HOLD_AT = 3
    moderator = make_user("editor", staff=True, moderator=True)
    kept = make_comment(article, body="A fair point.")
    reported = make_comment(article, body="Buy cheap watches here.")
    assert "Buy cheap watches" in client.get(article.get_absolute_url()).content.decode()  # now in the page cache
    assert Article.objects.get(pk=article.pk).comment_count == 2

    for n, reason in enumerate(["spam", "spam", "off-topic"]):
        with django_capture_on_commit_callbacks(execute=True):
            send_report(reader(f"198.51.100.{n + 1}"), reported, reason=reason)

    reported.refresh_from_db()
    assert reported.status == Comment.Status.PENDING
    assert reported.held_reason == "Reported by 3 readers: Spam or advertising (2), Off-topic (1)"
    assert Article.objects.get(pk=article.pk).comment_count == 1
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Buy cheap watches" not in page and "A fair point." in page
    assert "1 comment" in page
    # The worker mails the moderators (comments/tests/test_moderator_mail.py); here it is asked to.
    told = DBTaskResult.objects.get(task_path="comments.tasks.tell_moderators")
    assert told.args_kwargs["args"] == [reported.pk]
    assert held_comment_message(reported)["to"] == [moderator.email]
    # A held comment is nobody's to see or report any more, except for the readers who did.
    assert reader("198.51.100.9").get(report_url(reported)).status_code == 404
    after = reader("198.51.100.1").get(report_url(reported))
    assert after.status_code == 200 and "Buy cheap watches" not in after.content.decode()
    kept.refresh_from_db()
    assert kept.status == Comment.Status.APPROVED


@pytest.mark.django_db
def test_dismissed_reports_no_longer_count(article, settings):
    settings.COMMENTS_REPORT_HOLD_AT = 2
    comment = make_comment(article)
    send_report(reader("198.51.100.1"), comment)
    CommentReport.objects.update(dismissed_at="2026-01-01T00:00:00Z")

    send_report(reader("198.51.100.2"), comment)

    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    send_report(reader("198.51.100.3"), comment)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


@pytest.mark.django_db
def test_reporting_too_often_is_refused_with_the_form_kept(article, settings):
    settings.COMMENTS_REPORT_RATE_LIMITS = ["2/1h"]
    comments = [make_comment(article) for _ in range(3)]
    browser = reader("198.51.100.7")

    assert send_report(browser, comments[0]).status_code == 303
    assert send_report(browser, comments[1]).status_code == 303
    refused = send_report(browser, comments[2], text="Third one")

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 3600
    assert "You have sent many reports in a short time." in refused.content.decode()
    assert "Third one" in refused.content.decode()
    assert CommentReport.objects.count() == 2
    # Another reader is not held back by this one.
    assert send_report(reader("198.51.100.8"), comments[2]).status_code == 303


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, message",
    [
        ({"reason": ""}, "Please choose a reason."),
        ({"reason": "boring"}, "Please choose one of the reasons listed."),
        ({"reason": "other", "text": "x" * 1001}, "Ensure this value has at most 1000 characters"),
    ],
)
def test_a_bad_report_is_answered_with_the_form_and_its_error(article, data, message):
    comment = make_comment(article)

    response = send_report(reader("198.51.100.7"), comment, **data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CommentReport.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.TRASH])
def test_a_comment_readers_may_not_see_cannot_be_reported(article, status):
    comment = make_comment(article, status=status, body="Not for readers.")
    browser = reader("198.51.100.7", enforce_csrf_checks=False)

    assert browser.get(report_url(comment)).status_code == 404
    assert browser.post(report_url(comment), {"reason": "spam"}).status_code == 404
    assert browser.get("/comments/99999999/report/").status_code == 404
    assert not CommentReport.objects.exists()


@pytest.mark.django_db
def test_comments_of_an_unpublished_article_cannot_be_reported(article):
    comment = make_comment(article)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)

    assert reader("198.51.100.7").get(report_url(comment)).status_code == 404
