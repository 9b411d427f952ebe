"""Reporting a comment in a real browser, without JavaScript: the link, the
form page, the thank-you, and the comment leaving the thread once enough
readers reported it."""

import re

import pytest
from playwright.sync_api import expect

from comments.models import Comment, CommentReport
from comments.tests.factories import make_comment

from .content import build_newsroom

pytestmark = pytest.mark.browser


@pytest.fixture
def article(transactional_db):
    return build_newsroom()["lead"]


def test_a_reader_without_javascript_reports_a_comment_and_it_leaves_the_thread(new_page, article, settings):
    settings.COMMENTS_REPORT_HOLD_AT = 1
    kept = make_comment(article, name="Ada Reader", body="Thank you for the clear report.")
    reported = make_comment(article, name="Spam Bot", body="Cheap watches at example.com")
    page = new_page(java_script_enabled=False)
    page.goto(article.get_absolute_url())

    page.locator(f"#comment-{reported.pk}").get_by_role("link", name="Report the comment by Spam Bot").click()

    expect(page).to_have_url(re.compile(rf"/comments/{reported.pk}/report/$"))
    expect(page.get_by_role("heading", name="Report a comment")).to_be_visible()
    expect(page.locator(".comment-report__quote")).to_contain_text("Cheap watches")
    page.get_by_label("Spam or advertising").check()
    page.get_by_label(re.compile(r"^Anything the moderators should know")).fill("Advertising, again.")
    page.get_by_role("button", name="Send report").click()

    expect(page.get_by_role("status")).to_contain_text("Thank you. Your report was sent to the moderators.")
    report = CommentReport.objects.get()
    assert (report.comment_id, report.reason, report.text) == (reported.pk, "spam", "Advertising, again.")
    assert Comment.objects.get(pk=reported.pk).status == Comment.Status.PENDING

    page.get_by_role("link", name="Back to the article").click()
    expect(page.locator(f"#comment-{kept.pk}")).to_be_visible()
    expect(page.locator(f"#comment-{reported.pk}")).to_have_count(0)
    expect(page.get_by_role("heading", name="1 comment")).to_be_visible()
