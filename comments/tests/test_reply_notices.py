"""Reply notices: double opt-in, one mail per visible reply and never one for a held, spam or
trashed reply, one-click unsubscribe (RFC 8058) without signing in, and the signed-in reader's page.

Every mail here goes through the real task worker to a real SMTP server on 127.0.0.1.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from comments.models import Comment, ReplyNotice, ReplyNoticeAddress, ReplySubscription
from comments.services import comment_set_status
from comments.tests.factories import comment_post, make_article, make_comment, make_user

pytestmark = pytest.mark.django_db(transaction=True)

POST_URL = "/comments/post/"
SITE = "https://bbn.example"


@pytest.fixture(autouse=True)
def public_address(settings):
    settings.SITE_URL = SITE


def known_reader(article, email, **fields):
    """A signed-in reader with an approved comment already: their next comments are approved at once."""
    user = make_user(email.split("@")[0], email=email, **fields)
    make_comment(article, user=user, email=email)
    browser = Client()
    browser.force_login(user)
    return browser


def confirmed(email):
    ReplyNoticeAddress.objects.create(email=email, confirmed_at=timezone.now())
    return email


def post(client, article, **fields):
    response = client.post(POST_URL, comment_post(article, **fields))
    assert response.status_code == 303, response.content.decode()[:500]
    return Comment.objects.latest("pk")


def link_in(message, path_start):
    match = re.search(rf"(\S+{re.escape(path_start)}\S+)", message.get_content())
    assert match, message.get_content()
    return match[1]


def notices_to(server, email):
    return [m for m in server.messages if m["To"] == email and m["Subject"].startswith("New reply")]


def test_the_form_offers_notices_switched_off(client):
    article = make_article(comments_open=True)
    html = client.get(article.get_absolute_url()).content.decode()
    box = re.search(r'<input[^>]*name="notify_replies"[^>]*>', html)
    assert box and "checked" not in box[0]
    assert "Notify me of replies to my comment" in html


def test_an_address_confirms_once_then_hears_of_each_reply_once(client, smtp_server, run_tasks):
    article = make_article(title="Blinken in Beijing")
    lily = "lily@example.org"
    lily_browser = known_reader(article, lily)
    parent = post(lily_browser, article, comment="What will they discuss?", notify_replies="on")
    assert parent.status == Comment.Status.APPROVED
    run_tasks()

    assert [m["To"] for m in smtp_server.messages] == [lily], "the confirmation goes out, and nothing else"
    confirm_url = link_in(smtp_server.messages[0], "/comments/notices/confirm/")
    assert confirm_url.startswith(f"{SITE}/")
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(urlsplit(confirm_url).path)
    assert page.status_code == 200 and not ReplyNoticeAddress.objects.get(email=lily).confirmed_at, "a GET confirms"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    assert browser.post(urlsplit(confirm_url).path, {"csrfmiddlewaretoken": token}).status_code == 200
    assert ReplyNoticeAddress.objects.get(email=lily).confirmed_at

    # A confirmed address is not asked again.
    post(lily_browser, article, comment="Another thought.", notify_replies="on")
    tom = known_reader(article, "tom@example.org", first_name="Tom\nRead it and answer: evil-example")
    reply = post(
        tom,
        article,
        parent=str(parent.pk),
        comment="Trade, mostly.\nRead it and answer: http://evil.example/",
    )
    run_tasks()

    notices = notices_to(smtp_server, lily)
    assert len(smtp_server.messages) == 2 and len(notices) == 1
    notice = notices[0]
    body = notice.get_content()
    assert "> Trade, mostly." in body and "> Read it and answer: http://evil.example/" in body
    own_lines = [line for line in body.splitlines() if not line.startswith("> ")]
    assert f"Read it and answer: {SITE}/comments/{reply.pk}/" in own_lines
    assert [line for line in own_lines if line.startswith("Read it and answer:")] == [
        f"Read it and answer: {SITE}/comments/{reply.pk}/"
    ]
    assert "Tom Read it and answer: evil-example wrote" in body  # the name, on one line
    unsubscribe = f"{SITE}/comments/notices/unsubscribe/"
    assert notice["List-Unsubscribe"].startswith(f"<{unsubscribe}") and notice["List-Unsubscribe"].endswith(">")
    assert notice["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link_in(notice, "/comments/notices/unsubscribe/") == notice["List-Unsubscribe"][1:-1]

    # Trashed and restored, approved again: still one notice for the reply.
    comment_set_status(comments=Comment.objects.filter(pk=reply.pk), status=Comment.Status.TRASH)
    comment_set_status(comments=Comment.objects.filter(pk=reply.pk), status=None)
    comment_set_status(comments=Comment.objects.filter(pk=reply.pk), status=Comment.Status.APPROVED)
    run_tasks()
    assert len(notices_to(smtp_server, lily)) == 1
    assert ReplyNotice.objects.filter(reply=reply).count() == 1


def test_a_held_reply_is_notified_only_when_a_moderator_approves_it(client, smtp_server, run_tasks):
    make_user("editor", staff=True, moderator=True)
    article = make_article()
    lily = confirmed("lily@example.org")
    parent = post(known_reader(article, lily), article, notify_replies="on")

    held = post(client, article, email="first-timer@example.org", parent=str(parent.pk), comment="Held reply.")
    spam = post(client, article, email="spammer@example.org", parent=str(parent.pk), comment="Cheap watches.")
    trash = post(client, article, email="rude@example.org", parent=str(parent.pk), comment="Rude words.")
    assert {held.status, spam.status, trash.status} == {Comment.Status.PENDING}
    comment_set_status(comments=Comment.objects.filter(pk=spam.pk), status=Comment.Status.SPAM)
    comment_set_status(comments=Comment.objects.filter(pk=trash.pk), status=Comment.Status.TRASH)
    run_tasks()
    assert notices_to(smtp_server, lily) == [], "a held, spam or trashed reply was notified"

    moderator = Client()
    moderator.force_login(make_user("moderator", staff=True, moderator=True))
    response = moderator.post("/admin/comments/comment/", {"action": "approve", "_selected_action": [held.pk]})
    assert response.status_code == 302
    assert Comment.objects.get(pk=held.pk).status == Comment.Status.APPROVED
    run_tasks()

    notices = notices_to(smtp_server, lily)
    assert len(notices) == 1 and "> Held reply." in notices[0].get_content()
    assert "Cheap watches" not in notices[0].get_content()


def test_no_notice_for_an_address_that_never_confirmed(client, smtp_server, run_tasks):
    article = make_article()
    lily = "lily@example.org"
    parent = post(known_reader(article, lily), article, notify_replies="on")
    post(known_reader(article, "tom@example.org"), article, parent=str(parent.pk))
    run_tasks()
    assert [m["Subject"] for m in smtp_server.messages if m["To"] == lily] == [
        "Confirm that you want to hear of replies to your comments"
    ]


def test_without_the_box_nothing_is_mailed(client, smtp_server, run_tasks):
    article = make_article()
    lily = confirmed("lily@example.org")
    parent = post(known_reader(article, lily), article)
    post(known_reader(article, "tom@example.org"), article, parent=str(parent.pk))
    run_tasks()
    assert smtp_server.messages == []
    assert not ReplySubscription.objects.exists()


def test_one_click_unsubscribe_is_a_post_without_csrf_token_or_sign_in(client, smtp_server, run_tasks):
    article = make_article()
    lily = confirmed("lily@example.org")
    tom = known_reader(article, "tom@example.org")
    parent = post(known_reader(article, lily), article, notify_replies="on")
    post(tom, article, parent=str(parent.pk), comment="First reply.")
    run_tasks()
    (notice,) = notices_to(smtp_server, lily)
    path = urlsplit(notice["List-Unsubscribe"][1:-1]).path

    mail_client = Client(enforce_csrf_checks=True)
    assert mail_client.get(path).status_code == 200
    assert ReplySubscription.objects.get().is_active, "a GET (a link scanner) unsubscribed"
    response = mail_client.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert not ReplySubscription.objects.get().is_active

    post(tom, article, parent=str(parent.pk), comment="Second reply.")
    run_tasks()
    assert len(notices_to(smtp_server, lily)) == 1


@pytest.mark.parametrize("kind", ["confirm", "unsubscribe"])
def test_a_forged_link_is_a_clear_page_not_an_error(client, kind):
    response = client.get(f"/comments/notices/{kind}/not-a-real-token:abc/")
    assert response.status_code in (400, 404)
    assert "not valid" in response.content.decode()
    response = Client(enforce_csrf_checks=True).post(f"/comments/notices/{kind}/1:forged/")
    assert response.status_code in (400, 403, 404)


def test_a_signed_in_reader_manages_their_notices_on_their_account_page(smtp_server, run_tasks):
    article = make_article()
    other = make_user("otto", email="otto@example.org")
    client = known_reader(article, "rita@example.org")
    mine = post(client, article, comment="Mine.", notify_replies="on")
    theirs = ReplySubscription.objects.create(comment=make_comment(article, user=other), email=other.email)

    assert Client().get("/accounts/notices/").status_code == 302  # sign in first
    page = client.get("/accounts/notices/").content.decode()
    assert "Mine." in page and "Notices on" in page
    assert 'href="/accounts/notices/"' in page  # the reader's name in the top bar leads here

    client.post("/accounts/notices/", {"subscription": mine.reply_subscription.pk, "action": "stop"})
    assert not ReplySubscription.objects.get(comment=mine).is_active
    assert "Notices off" in client.get("/accounts/notices/").content.decode()
    response = client.post("/accounts/notices/", {"subscription": theirs.pk, "action": "stop"}, follow=True)
    assert "not one of yours" in response.content.decode()
    assert ReplySubscription.objects.get(pk=theirs.pk).is_active
    client.post("/accounts/notices/", {"subscription": mine.reply_subscription.pk, "action": "resume"})
    assert ReplySubscription.objects.get(comment=mine).is_active
    assert client.post("/accounts/notices/", {"subscription": "x" * 30, "action": "stop"}).status_code == 302


def test_a_reply_notice_is_written_in_the_language_of_the_article(client, smtp_server, run_tasks):
    article = make_article(title="Conversaciones en Pekín", slug="conversaciones-en-pekin", language="es")
    lily = "lily@example.org"
    lily_browser = known_reader(article, lily)
    spanish_post = "/es/comments/post/"
    parent_response = lily_browser.post(
        spanish_post, comment_post(article, comment="¿De qué hablarán?", notify_replies="on")
    )
    assert parent_response.status_code == 303
    parent = Comment.objects.latest("pk")
    run_tasks()
    confirmation = smtp_server.messages[0]
    assert (
        " ".join(confirmation["Subject"].split())
        == "Confirma que quieres recibir avisos de las respuestas a tus comentarios"
    )
    ReplyNoticeAddress.objects.filter(email=lily).update(confirmed_at=timezone.now())
    tom = known_reader(article, "tom@example.org")
    assert (
        tom.post(spanish_post, comment_post(article, parent=str(parent.pk), comment="De comercio.")).status_code == 303
    )
    reply = Comment.objects.latest("pk")
    run_tasks()

    notice = smtp_server.messages[-1]
    assert notice["To"] == lily
    assert " ".join(notice["Subject"].split()) == "Nueva respuesta a tu comentario en “Conversaciones en Pekín”"
    body = notice.get_content()
    assert f"Léela y responde: {SITE}/es/comments/{reply.pk}/" in body
    assert "Tu comentario:" in body
