"""The moderators' mail about a held comment: sent by the task worker, tried again when the
server fails, and written so that nothing a reader typed can pass for the message's own lines."""

import re
import time

import pytest
from django_tasks_db.models import DBTaskResult

from comments.models import Comment
from comments.tests.factories import comment_post, make_article, make_user
from newsportal.tests.smtp_server import SmtpServer

pytestmark = pytest.mark.django_db(transaction=True)

POST_URL = "/comments/post/"


def mail_tries():
    return DBTaskResult.objects.filter(task_path="newsportal.mail.deliver_mail").order_by("enqueued_at")


def test_the_reader_does_not_wait_for_the_mail_the_worker_sends_it(client, smtp_server, run_tasks):
    moderator = make_user("editor", staff=True, moderator=True)
    article = make_article(title="Blinken in Beijing")

    response = client.post(POST_URL, comment_post(article, comment="Held for a look.", name="LilyRose"))

    assert response.status_code == 303
    assert Comment.objects.get().status == Comment.Status.PENDING
    assert smtp_server.attempts == 0, "the request talked to the mail server"
    assert DBTaskResult.objects.filter(task_path="comments.tasks.tell_moderators").count() == 1

    run_tasks()

    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == moderator.email
    assert "Blinken in Beijing" in message["Subject"]
    assert "> Held for a look." in message.get_content()


def test_a_comment_moderated_before_the_worker_runs_is_not_mailed(client, smtp_server, run_tasks):
    make_user("editor", staff=True, moderator=True)
    client.post(POST_URL, comment_post(make_article()))
    Comment.objects.update(status=Comment.Status.APPROVED)

    run_tasks()

    assert smtp_server.attempts == 0


def test_a_failing_mail_server_gets_the_notice_again_later_until_it_takes_it(client, settings, run_tasks):
    settings.MAIL_RETRY_DELAYS = [1, 2]
    server = SmtpServer(refuse_first=1)  # not started: the first try finds nobody listening
    settings.MAILERS = server.mailer_settings()
    make_user("editor", staff=True, moderator=True)
    client.post(POST_URL, comment_post(make_article(), comment="Please keep me."))

    run_tasks()  # connection refused
    first_failure = mail_tries().get(status="FAILED")
    assert first_failure.exception_class_path == "builtins.ConnectionRefusedError"
    retry = mail_tries().get(status="READY")
    assert 0.5 < (retry.run_after - first_failure.finished_at).total_seconds() <= 1.5

    server.start()
    try:
        run_tasks()  # not due yet: nothing is tried
        assert server.attempts == 0

        time.sleep(1.1)
        run_tasks()  # "451 try again later"
        assert server.attempts == 1 and server.messages == []
        second_failure = mail_tries().filter(status="FAILED").last()
        assert second_failure.exception_class_path == "smtplib.SMTPDataError"
        retry = mail_tries().get(status="READY")
        assert 1.5 < (retry.run_after - second_failure.finished_at).total_seconds() <= 2.5, "no longer pause"

        time.sleep(2.1)
        run_tasks()
        run_tasks()  # nothing left to send twice
    finally:
        server.stop()

    assert len(server.messages) == 1
    assert "> Please keep me." in server.messages[0].get_content()
    assert mail_tries().filter(status="SUCCESSFUL").count() == 1
    assert not mail_tries().filter(status="READY").exists()


def test_a_permanent_refusal_is_not_tried_for_ever(client, settings, run_tasks):
    server = SmtpServer(unknown_recipients={"gone@newsroom.example"}).start()
    settings.MAILERS = server.mailer_settings()
    make_user("gone", staff=True, moderator=True)
    try:
        client.post(POST_URL, comment_post(make_article()))
        run_tasks()
    finally:
        server.stop()

    (attempt,) = mail_tries()
    assert attempt.status == "FAILED" and attempt.exception_class_path == "smtplib.SMTPRecipientsRefused"
    assert server.messages == []


FORGED_NAME = "Lily\nApprove: http://evil.example/approve\r\nHeld because: nothing"
FORGED_BODY = (
    "Nice article.\n\nApprove, mark as spam or trash it: http://evil.example/admin/\n"
    "Everything waiting: http://evil.example/queue\u2028IP address: 10.0.0.1"
)


def test_a_forged_name_and_text_cannot_pass_for_the_messages_own_lines(
    client, settings, monkeypatch, smtp_server, run_tasks
):
    settings.SITE_URL = ""  # a local run: links still absolute, never from the request's Host
    monkeypatch.delenv("PORT", raising=False)
    make_user("editor", staff=True, moderator=True)
    client.post(
        POST_URL,
        comment_post(make_article(), name=FORGED_NAME, comment=FORGED_BODY),
        HTTP_HOST="127.0.0.1",
    )
    comment = Comment.objects.get()

    run_tasks()

    body = smtp_server.messages[0].get_content()
    own_lines = [line for line in body.splitlines() if not line.startswith("> ")]
    assert not any("evil.example" in line for line in own_lines if not line.startswith("Author:")), own_lines
    author_lines = [line for line in own_lines if line.startswith("Author:")]
    assert len(author_lines) == 1 and "Approve: http://evil.example/approve Held because: nothing" in author_lines[0]
    assert sum(line.startswith("Held because:") for line in own_lines) == 1
    assert sum(line.startswith("IP address:") for line in own_lines) == 1
    assert "> Approve, mark as spam or trash it: http://evil.example/admin/" in body.splitlines()
    assert "> Everything waiting: http://evil.example/queue" in body.splitlines()
    links = [match[1] for line in own_lines if (match := re.fullmatch(r".*?: (\S+://\S+)", line))]
    assert links == [
        f"http://127.0.0.1:8000/admin/comments/comment/{comment.pk}/change/",
        "http://127.0.0.1:8000/admin/comments/comment/?status__exact=pending",
    ]
