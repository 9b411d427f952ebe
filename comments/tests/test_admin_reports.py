"""Readers' reports in the moderation admin: a count beside each comment,
a filter, the reports themselves on the comment's page, and dismissing them."""

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment, CommentReport
from comments.tests.factories import make_article, make_comment, make_user

CHANGELIST = "admin:comments_comment_changelist"


@pytest.fixture
def moderator_client(client, db):
    client.force_login(make_user("moderator", staff=True, moderator=True))
    return client


def report(comment, n, *, reason="spam", text="", dismissed=False):
    return CommentReport.objects.create(
        comment=comment,
        reader=f"ip:reader-{n}",
        reason=reason,
        text=text,
        dismissed_at="2026-01-01T00:00:00Z" if dismissed else None,
    )


def listed(client, query=""):
    response = client.get(reverse(CHANGELIST) + query)
    assert response.status_code == 200
    return response


def test_the_list_counts_the_reports_that_count_and_filters_by_them(moderator_client):
    article = make_article()
    quiet = make_comment(article, body="Nobody minds this one.")
    reported = make_comment(article, body="Readers mind this one.")
    report(reported, 1)
    report(reported, 2, reason="abuse")
    report(reported, 3, dismissed=True)

    response = listed(moderator_client)
    rows = {comment.pk: comment.active_reports for comment in response.context["cl"].result_list}
    assert rows == {quiet.pk: 0, reported.pk: 2}
    assert '<td class="field-report_count">2</td>' in response.content.decode()
    assert {c.pk for c in listed(moderator_client, "?reported=yes").context["cl"].result_list} == {reported.pk}
    assert {c.pk for c in listed(moderator_client, "?reported=no").context["cl"].result_list} == {quiet.pk}
    assert [c.pk for c in listed(moderator_client, "?o=-6").context["cl"].result_list] == [reported.pk, quiet.pk]


def test_the_list_costs_the_same_queries_whatever_the_number_of_reported_comments(
    moderator_client, django_assert_max_num_queries
):
    """The count is one annotation of the list's own query: no query per row."""
    article = make_article()
    comment = make_comment(article)
    report(comment, 1)
    listed(moderator_client)
    with django_assert_max_num_queries(12) as few:
        listed(moderator_client)
    for n in range(20):
        report(make_comment(article), n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        listed(moderator_client)


def test_the_comments_page_lists_its_reports_escaped(moderator_client):
    comment = make_comment(make_article())
    report(comment, 1, reason="misinformation", text="<script>alert('x')</script> wrong date")
    report(comment, 2, reason="other", dismissed=True)

    html = moderator_client.get(reverse("admin:comments_comment_change", args=[comment.pk])).content.decode()

    assert "Misinformation" in html and "Something else" in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; wrong date" in html
    assert "<script>alert" not in html
    assert "dismissed" in html


def test_dismissing_reports_keeps_them_but_stops_them_counting(moderator_client, settings):
    settings.COMMENTS_REPORT_HOLD_AT = 2
    article = make_article()
    comment = make_comment(article)
    other = make_comment(article)
    report(comment, 1)
    report(other, 1)

    response = moderator_client.post(
        reverse(CHANGELIST), {"action": "dismiss_reports", "_selected_action": [comment.pk]}, follow=True
    )

    assert "1 report dismissed." in response.content.decode()
    assert CommentReport.objects.filter(comment=comment).get().dismissed_at is not None
    assert CommentReport.objects.filter(comment=other).get().dismissed_at is None
    assert {c.pk for c in listed(moderator_client, "?reported=yes").context["cl"].result_list} == {other.pk}


def test_a_reader_cannot_dismiss_reports(db):
    comment = make_comment(make_article())
    report(comment, 1)
    browser = Client()
    browser.force_login(make_user("reader"))

    response = browser.post(reverse(CHANGELIST), {"action": "dismiss_reports", "_selected_action": [comment.pk]})

    assert response.status_code == 302 and "/login/" in response["Location"]
    assert CommentReport.objects.active().count() == 1
    assert Comment.objects.get().status == Comment.Status.APPROVED
