"""Reporting a comment, the thread's order and its featured comments, in a
real browser without JavaScript: the Report link, the form page, the
thank-you, the comment leaving the thread once enough readers reported it;
the order links and the featured block's links into the thread."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from comments.models import Comment, CommentReport
from comments.services import comment_set_featured
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


def test_a_reader_without_javascript_changes_the_order_and_follows_a_featured_entry(new_page, article):
    start = timezone.now() - timedelta(hours=3)
    oldest = make_comment(article, name="Ada Reader", body="First!", created_at=start)
    best = make_comment(
        article, name="Bo Expert", body="The treaty text says otherwise.", created_at=start + timedelta(hours=1)
    )
    newest = make_comment(article, name="Cy Late", body="Late to this.", created_at=start + timedelta(hours=2))
    comment_set_featured(comments=Comment.objects.filter(pk=best.pk), featured=True)
    page = new_page(java_script_enabled=False)
    page.goto(article.get_absolute_url())
    items = page.locator(".comment-list > li")
    expect(items).to_have_count(3)
    expect(items.first).to_have_attribute("id", f"comment-{oldest.pk}")
    expect(page.locator(f"#comment-{best.pk} .comment__badge--featured")).to_have_text("Featured")

    page.get_by_role("navigation", name="Order of the comments").get_by_role("link", name="Newest").click()

    expect(page).to_have_url(re.compile(r"\?order=newest#comments$"))
    expect(items.first).to_have_attribute("id", f"comment-{newest.pk}")
    expect(page.locator(".comment-order__current")).to_have_text("Newest")

    featured = page.get_by_role("region", name="Featured")
    featured.get_by_role("link", name=re.compile("Bo Expert")).click()
    expect(page).to_have_url(re.compile(rf"\?order=newest#comment-{best.pk}$"))
    expect(page.locator(f"#comment-{best.pk}")).to_be_in_viewport()


def test_the_report_page_and_a_thread_with_featured_comments_have_no_serious_accessibility_problem(axe, article):
    make_comment(article, name="Ada Reader", body="First!")
    best = make_comment(article, name="Bo Expert", body="The treaty text says otherwise.")
    make_comment(article, parent=best, name="Cy Late", body="Good catch.")
    comment_set_featured(comments=Comment.objects.filter(pk=best.pk), featured=True)

    assert axe.violations(f"{article.get_absolute_url()}?order=featured") == []
    assert axe.violations(f"/comments/{best.pk}/report/") == []
