"""The whole life of a comment: posted, held, seen by its author only,
approved in the admin, then seen by everyone and counted everywhere."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from articles.models import Article
from comments.models import Comment
from comments.tests.factories import comment_post, make_article, make_comment, make_user, trust_browser

POST_URL = "/comments/post/"


def thread_html(response):
    html = response.content.decode()
    return html[html.index('id="comments"') :]


@pytest.mark.django_db(transaction=True)
def test_a_first_comment_is_held_shown_to_its_author_only_then_approved_for_everyone(
    client, other_client, django_capture_on_commit_callbacks, run_tasks
):
    article = make_article(slug="blinken-china")
    moderator = make_user("editor", staff=True, moderator=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            POST_URL,
            comment_post(
                article, comment="i wonder what they\ngonna talk about", name="LilyRose", email="Lily@Example.org"
            ),
        )

    comment = Comment.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"/blinken-china/#comment-{comment.pk}"
    assert comment.status == Comment.Status.PENDING
    assert comment.held_reason == "First comment from this browser."
    assert comment.email == "lily@example.org"
    assert comment.ip_address == "127.0.0.1"
    assert Article.objects.get(pk=article.pk).comment_count == 0
    assert mail.outbox == []  # the worker sends it
    run_tasks()
    assert mail.outbox and mail.outbox[0].to == [moderator.email]
    assert "blinken-china" not in mail.outbox[0].subject and article.title in mail.outbox[0].subject

    own_view = client.get(response["Location"])
    assert f'id="comment-{comment.pk}"' in own_view.content.decode()
    assert "Your comment is awaiting moderation." in own_view.content.decode()
    assert "gonna talk about" in thread_html(own_view)

    stranger_view = other_client.get(article.get_absolute_url())
    assert f'id="comment-{comment.pk}"' not in stranger_view.content.decode()
    assert "gonna talk about" not in stranger_view.content.decode()

    other_client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):  # drops the article's cached pages
        approve = other_client.post(
            reverse("admin:comments_comment_changelist"),
            {"action": "approve", "_selected_action": [comment.pk]},
        )
    assert approve.status_code == 302

    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert Article.objects.get(pk=article.pk).comment_count == 1
    everyone = make_anonymous_view(article)
    assert f'id="comment-{comment.pk}"' in everyone
    assert "i wonder what they<br>gonna talk about" in everyone
    assert "awaiting moderation" not in everyone
    assert re.search(r'id="comments-title"[^>]*><span>1 comment</span>', everyone)
    assert re.search(r'<a href="#comments">1 comment</a>', everyone)
    assert re.search(r'#comments">1 comment</a>', make_anonymous_view(None))


def make_anonymous_view(article):
    from django.test import Client

    return Client().get(article.get_absolute_url() if article else "/").content.decode()


@pytest.mark.django_db
def test_a_browser_with_an_approved_comment_is_approved_at_once_and_counted(client):
    article = make_article()
    trust_browser(client, article)

    response = client.post(POST_URL, comment_post(article, email="JANE@example.org", name="Jane123"))

    newest = Comment.objects.latest("id")
    assert response.status_code == 303
    assert (newest.status, newest.held_reason) == (Comment.Status.APPROVED, "")
    assert Article.objects.get(pk=article.pk).comment_count == 2
    assert "comment_author" not in response.cookies


@pytest.mark.django_db
def test_staff_are_approved_at_once_and_see_logged_in_as_instead_of_name_and_email(client):
    article = make_article()
    editor = make_user("ethan", staff=True, first_name="Ethan", last_name="Kim")
    client.force_login(editor)

    page = client.get(article.get_absolute_url()).content.decode()
    assert "Logged in as Ethan Kim." in page
    assert 'name="name"' not in page and 'name="email"' not in page

    data = comment_post(article, comment="Thanks for reading, everyone.")
    del data["name"], data["email"]
    response = client.post(POST_URL, data)

    comment = Comment.objects.get()
    assert response.status_code == 303
    assert (comment.status, comment.user, comment.name, comment.email) == (
        Comment.Status.APPROVED,
        editor,
        "Ethan Kim",
        "ethan@newsroom.example",
    )
    assert Article.objects.get(pk=article.pk).comment_count == 1


@pytest.mark.django_db
def test_a_signed_in_readers_held_comment_follows_their_account_not_their_cookie(client, other_client):
    article = make_article()
    reader = make_user("reader")
    client.force_login(reader)
    client.post(POST_URL, comment_post(article, comment="Held, but mine."))
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING

    other_client.force_login(reader)  # another browser, no cookie of ours
    assert "Held, but mine." in other_client.get(article.get_absolute_url()).content.decode()
    assert "Held, but mine." not in make_anonymous_view(article)


@pytest.mark.django_db
def test_the_own_comments_cookie_is_signed_so_it_cannot_reveal_other_held_comments(client):
    article = make_article()
    held = make_comment(article, status=Comment.Status.PENDING, body="Someone else's held comment.")
    client.cookies["comment_author"] = str(held.pk)

    page = client.get(article.get_absolute_url()).content.decode()

    assert "Someone else&#x27;s held comment." not in page


@pytest.mark.django_db
def test_approving_spamming_trashing_and_restoring_keep_the_count_true(client):
    article = make_article()
    comments = [make_comment(article, status=Comment.Status.PENDING) for _ in range(3)]
    client.force_login(make_user("mod", staff=True, moderator=True))
    changelist = reverse("admin:comments_comment_changelist")

    def act(action, *targets):
        client.post(changelist, {"action": action, "_selected_action": [c.pk for c in targets]})
        return Article.objects.get(pk=article.pk).comment_count

    assert act("approve", *comments) == 3
    assert act("mark_as_spam", comments[0]) == 2
    assert act("move_to_trash", comments[1]) == 1
    assert act("restore", comments[0], comments[1]) == 3
    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.APPROVED}
    assert act("move_to_trash", comments[2]) == 2
    client.post(reverse("admin:comments_comment_delete", args=[comments[0].pk]), {"post": "yes"})
    assert Article.objects.get(pk=article.pk).comment_count == 1


@pytest.mark.django_db
def test_a_comment_approved_at_once_shows_on_pages_already_in_the_page_cache(
    client, other_client, django_capture_on_commit_callbacks
):
    article = make_article()
    trust_browser(client, article)
    before = other_client.get(article.get_absolute_url()).content.decode()  # now cached
    assert other_client.get(article.get_absolute_url()).content.decode() == before

    with django_capture_on_commit_callbacks(execute=True):
        client.post(POST_URL, comment_post(article, email="regular@example.org", comment="Fresh and approved."))

    after = other_client.get(article.get_absolute_url()).content.decode()
    assert "Fresh and approved." in after
    assert re.search(r'<a href="#comments">2 comments</a>', after)


@pytest.mark.django_db
def test_a_held_comment_never_reaches_the_shared_page_cache(client, other_client):
    article = make_article()
    client.post(POST_URL, comment_post(article, comment="Only for my eyes."))
    assert "comment_author" in client.cookies

    assert "Only for my eyes." in client.get(article.get_absolute_url()).content.decode()
    for _ in range(2):  # rendered, then from the cache
        assert "Only for my eyes." not in other_client.get(article.get_absolute_url()).content.decode()
