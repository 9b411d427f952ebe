"""The moderation policy: who goes live at once, who waits, and why."""

import pytest
from django.contrib.auth.models import AnonymousUser

from comments.models import Comment
from comments.moderation import count_links, moderate
from comments.tests.factories import make_article, make_comment, make_user
from comments.trust import token_digest

TOKEN = "a-browser-token-of-forty-three-characters-"


def approved_from_this_browser():
    make_comment(make_article(), email="lily@example.org", browser_token=token_digest(TOKEN))


def verdict(**fields):
    fields.setdefault("name", "Lily")
    fields.setdefault("email", "lily@example.org")
    fields.setdefault("website", "")
    fields.setdefault("body", "A plain remark.")
    return moderate(**fields)


@pytest.mark.django_db
def test_a_new_email_is_held_with_its_reason():
    result = verdict()
    assert (result.status, result.reason) == (Comment.Status.PENDING, "First comment from this browser.")


@pytest.mark.django_db
def test_an_email_with_an_approved_comment_earns_nothing_since_anybody_can_type_it():
    make_comment(make_article(), email="lily@example.org")
    assert verdict().status == Comment.Status.PENDING
    assert verdict(browser_token="another-browser").status == Comment.Status.PENDING


@pytest.mark.django_db
def test_the_browser_that_posted_an_approved_comment_goes_live():
    approved_from_this_browser()
    assert verdict(browser_token=TOKEN, email="new-address@example.org").status == Comment.Status.APPROVED


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.TRASH])
def test_a_browser_whose_comments_were_never_approved_is_still_held(status):
    make_comment(make_article(), email="lily@example.org", status=status, browser_token=token_digest(TOKEN))
    assert verdict(browser_token=TOKEN).status == Comment.Status.PENDING


@pytest.mark.django_db
def test_staff_go_live_and_ordinary_accounts_do_not():
    assert verdict(user=make_user("staffer", staff=True)).status == Comment.Status.APPROVED
    assert verdict(user=make_user("reader")).status == Comment.Status.PENDING
    assert verdict(user=AnonymousUser()).status == Comment.Status.PENDING
    assert verdict(user=make_user("gone", staff=True, is_active=False)).status == Comment.Status.PENDING


@pytest.mark.django_db
def test_two_links_are_always_held_even_for_staff_and_trusted_browsers():
    approved_from_this_browser()
    body = "see https://one.example and www.two.example"

    for user in (None, make_user("boss", staff=True)):
        result = verdict(body=body, user=user, browser_token=TOKEN)
        assert (result.status, result.reason) == (Comment.Status.PENDING, "Contains 2 links.")
    assert verdict(body="only https://one.example", browser_token=TOKEN).status == Comment.Status.APPROVED


@pytest.mark.django_db
def test_the_links_limit_is_a_setting(settings):
    approved_from_this_browser()
    settings.COMMENTS_MAX_LINKS = 4
    links = "http://a.example http://b.example http://c.example"
    assert verdict(body=links, browser_token=TOKEN).status == Comment.Status.APPROVED
    settings.COMMENTS_MAX_LINKS = 1
    assert verdict(body="http://a.example").reason == "Contains 1 link."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("body", "Cheap VIAGRA here"),
        ("name", "viagra seller"),
        ("email", "sales@viagra.example"),
        ("website", "https://viagra.example"),
        ("ip_address", "203.0.113.9"),
        ("user_agent", "SpamBot/1.0"),
    ],
)
def test_a_blocklist_match_anywhere_is_held_even_for_staff(settings, field, value):
    settings.COMMENTS_BLOCKLIST = ["viagra", "203.0.113.9", "spambot"]
    result = verdict(**{field: value}, user=make_user("boss", staff=True))
    assert result.status == Comment.Status.PENDING
    assert result.reason.startswith("Matches the blocklist entry")


def test_links_are_counted_by_scheme_or_www():
    assert count_links("https://a.example http://b.example www.c.example") == 3
    assert count_links("no links, just a www-ish word and example.org") == 0
