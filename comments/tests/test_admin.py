"""Moderation in the admin, and the emails that call editors to it."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.template import Context
from django.template.loader import select_template
from django.template.loader_tags import BlockNode
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from comments.admin import comments_changelist_url
from comments.models import Comment
from comments.notifications import held_comment_message, moderator_emails
from comments.tests.factories import make_article, make_comment, make_user

CHANGELIST = "admin:comments_comment_changelist"


@pytest.fixture
def moderator_client(client, db):
    client.force_login(make_user("moderator", staff=True, moderator=True))
    return client


def test_the_list_shows_why_a_comment_was_held_and_links_to_it_on_the_site(moderator_client):
    article = make_article(title="Blinken heads to China")
    held = make_comment(article, status=Comment.Status.PENDING, held_reason="Contains 3 links.")

    html = moderator_client.get(reverse(CHANGELIST)).content.decode()

    assert "Contains 3 links." in html
    assert f'href="/comments/{held.pk}/"' in html
    assert "Blinken heads to China" in html
    for action in ("approve", "mark_as_spam", "move_to_trash", "restore"):
        assert f'value="{action}"' in html


def test_the_list_filters_by_status_article_and_date_and_searches(moderator_client):
    one, two = make_article(), make_article()
    a = make_comment(one, name="Alice", email="alice@example.org", body="about trade", ip_address="192.0.2.10")
    b = make_comment(two, name="Bob", status=Comment.Status.PENDING, body="about subs")
    url = reverse(CHANGELIST)

    def listed(query):
        response = moderator_client.get(url + query)
        assert response.status_code == 200
        return {c.pk for c in response.context["cl"].result_list}

    assert listed("?status__exact=pending") == {b.pk}
    assert listed(f"?article__id__exact={one.pk}") == {a.pk}
    assert listed("?q=alice%40example") == {a.pk}
    assert listed("?q=subs") == {b.pk}
    assert listed("?q=Bob") == {b.pk}
    assert listed("?q=192.0.2.10") == {a.pk}
    # The date filter's own links carry aware times ("2000-01-01 00:00:00+00:00").
    assert listed("?created_at__gte=2000-01-01+00%3A00%3A00%2B00%3A00") == {a.pk, b.pk}
    assert listed("?created_at__gte=2999-01-01+00%3A00%3A00%2B00%3A00") == set()
    assert comments_changelist_url(one) == f"{url}?article__id__exact={one.pk}"
    assert listed(comments_changelist_url(two, status="pending")[len(url) :]) == {b.pk}
    assert listed("?article__id__exact=not-a-number") == set()
    assert listed("?article__id__exact=99999999") == set()


def test_the_list_never_lists_every_article_that_has_comments(moderator_client):
    """The article filter shows only the chosen article, so the page does not grow with the site."""
    articles = [make_article(title=f"Story {n}") for n in range(5)]
    for article in articles:
        make_comment(article)

    def filter_panel(query=""):
        html = moderator_client.get(reverse(CHANGELIST) + query).content.decode()
        start = html.index('id="changelist-filter"')
        return html[start : html.index("</nav>", start)]

    assert "Story 3" not in filter_panel()
    assert "Story 3" in filter_panel(f"?article__id__exact={articles[3].pk}")


def test_the_admin_index_shows_how_many_comments_wait(moderator_client, client):
    article = make_article()
    for _ in range(3):
        make_comment(article, status=Comment.Status.PENDING)
    make_comment(article)

    html = moderator_client.get(reverse("admin:index")).content.decode()

    assert "3 comments awaiting moderation" in html
    assert "?status__exact=pending" in html


def test_staff_who_cannot_moderate_do_not_see_the_count(client, db):
    make_comment(make_article(), status=Comment.Status.PENDING)
    client.force_login(make_user("writer", staff=True))

    assert "awaiting moderation" not in client.get(reverse("admin:index")).content.decode()


def test_the_article_admin_page_gets_its_comments_link_from_this_app(db):
    """The articles app knows nothing of comments; this template, found for
    the article change page, adds the link. Another template of the same name
    earlier in the search path would silently drop it: this test says so."""
    template = select_template(["admin/articles/article/change_form.html"])
    assert template.origin.name.endswith("comments/templates/admin/articles/article/change_form.html")

    # Rendered on its own: the article admin itself is another app's business.
    block = next(
        node for node in template.template.nodelist.get_nodes_by_type(BlockNode) if node.name == "object-tools-items"
    )
    article = make_article()
    make_comment(article)
    context = Context({"original": article})
    with context.bind_template(template.template):
        html = block.nodelist.render(context)
    assert f'href="{reverse(CHANGELIST)}?article__id__exact={article.pk}"' in html
    assert "Comments (1 approved)" in html


def test_there_is_no_add_button_comments_come_from_readers(moderator_client):
    assert moderator_client.get(reverse("admin:comments_comment_add")).status_code == 403


def test_changing_the_status_in_the_form_keeps_the_count(client, db):
    client.force_login(make_user("root", superuser=True))
    article = make_article()
    comment = make_comment(article, status=Comment.Status.PENDING, body="Please approve me.")

    response = client.post(
        reverse("admin:comments_comment_change", args=[comment.pk]),
        {"status": "approved", "name": comment.name, "email": comment.email, "website": "", "body": comment.body},
    )

    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).comment_count == 1

    trash = {"status": "trash", "name": comment.name, "email": comment.email, "website": "", "body": comment.body}
    client.post(reverse("admin:comments_comment_change", args=[comment.pk]), trash)
    assert Article.objects.get(pk=article.pk).comment_count == 0
    client.post(reverse(CHANGELIST), {"action": "restore", "_selected_action": [comment.pk]})
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.APPROVED
    assert Article.objects.get(pk=article.pk).comment_count == 1


def test_editing_a_comment_into_a_duplicate_is_a_form_error_not_a_crash(client, db):
    client.force_login(make_user("root", superuser=True))
    article = make_article()
    make_comment(article, email="same@example.org", body="Original words.")
    other = make_comment(article, email="same@example.org", body="Other words.")

    response = client.post(
        reverse("admin:comments_comment_change", args=[other.pk]),
        {"status": "approved", "name": other.name, "email": other.email, "website": "", "body": "Original words."},
    )

    assert response.status_code == 200
    assert "exactly this text" in response.content.decode()


# --- Emails to the editors -------------------------------------------------


def test_moderators_are_active_staff_allowed_to_change_comments(db, settings):
    settings.MANAGERS = ["managers@newsroom.example"]
    editors, _ = Group.objects.get_or_create(name="Editors")  # made by the accounts migration
    editors.permissions.add(Permission.objects.get(codename="change_comment"))
    in_group = make_user("ingroup", staff=True)
    in_group.groups.add(editors)
    make_user("direct", staff=True, moderator=True)
    make_user("boss", superuser=True)
    make_user("writer", staff=True)  # no permission
    make_user("nostaff", moderator=True)  # not staff
    gone = make_user("gone", staff=True, moderator=True)
    gone.is_active = False
    gone.save()

    assert moderator_emails() == [
        "boss@newsroom.example",
        "direct@newsroom.example",
        "ingroup@newsroom.example",
    ]


def test_without_moderators_the_managers_then_the_admins_are_told(db, settings):
    settings.MANAGERS = ["managers@newsroom.example"]
    settings.ADMINS = ["admins@newsroom.example"]
    assert moderator_emails() == ["managers@newsroom.example"]
    settings.MANAGERS = []
    assert moderator_emails() == ["admins@newsroom.example"]


def test_the_email_says_what_was_held_and_why_with_links(db, settings):
    settings.SITE_URL = "https://bbn.example"
    make_user("editor", staff=True, moderator=True)
    comment = make_comment(
        make_article(title="Blinken in Beijing"),
        name="LilyRose",
        body="<b>text</b> as typed",
        status=Comment.Status.PENDING,
        held_reason="First comment from this email address.",
    )

    message = held_comment_message(comment)

    assert message["to"] == ["editor@newsroom.example"]
    assert "Blinken in Beijing" in message["subject"]
    assert "LilyRose" in message["body"] and "> <b>text</b> as typed" in message["body"]
    assert "First comment from this email address." in message["body"]
    assert f"https://bbn.example/admin/comments/comment/{comment.pk}/change/" in message["body"]


def test_an_approved_comment_sends_no_email(client, db, django_capture_on_commit_callbacks):
    from comments.tests.factories import comment_post, trust_browser

    make_user("editor", staff=True, moderator=True)
    article = make_article()
    trust_browser(client, article)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/comments/post/", comment_post(article))

    assert mail.outbox == []
    assert not DBTaskResult.objects.exists()


def test_a_broken_mail_server_is_not_the_readers_wait(client, db, settings, django_capture_on_commit_callbacks):
    from comments.tests.factories import comment_post

    settings.MAILERS = {"default": {"BACKEND": "comments.tests.test_admin.BrokenBackend"}}
    BrokenBackend.attempts = 0
    make_user("editor", staff=True, moderator=True)
    article = make_article()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/comments/post/", comment_post(article))

    assert response.status_code == 303
    assert Comment.objects.count() == 1
    assert BrokenBackend.attempts == 0, "the request talked to the mail server"
    assert DBTaskResult.objects.get().task_path == "comments.tasks.tell_moderators"


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    attempts = 0

    def send_messages(self, messages):
        BrokenBackend.attempts += 1
        raise ConnectionRefusedError("no mail server here")


def test_the_article_change_page_shows_the_comments_link_beside_the_newsroom_tools(client, db):
    """The articles admin's own change form extends this app's, so neither drops the other's links."""
    client.force_login(make_user("root", superuser=True))
    article = make_article()
    make_comment(article)
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert f'?article__id__exact={article.pk}"' in html
    assert "Comments (1 approved)" in html
    assert "article-presence" in html
