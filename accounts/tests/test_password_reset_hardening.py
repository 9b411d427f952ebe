"""Password reset: the link comes from SITE_URL whatever Host the request carried, the answer is the
same (and does the same work) for known and unknown addresses, and requests are rate-limited."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from articles.tests.factories import make_user

RESET = "/accounts/password_reset/"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.PASSWORD_RESET_RATE_LIMITS = ["5/1h"]
    settings.PASSWORD_RESET_IP_RATE_LIMITS = ["20/1h"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "site_url, expected", [("https://bbn.example", "https://bbn.example"), ("", "http://127.0.0.1:8000")]
)
def test_a_forged_host_never_reaches_the_mail(client, settings, monkeypatch, run_tasks, site_url, expected):
    settings.SITE_URL = site_url
    monkeypatch.delenv("PORT", raising=False)
    settings.ALLOWED_HOSTS = ["*"]  # even where the host check lets it through
    make_user(username="rita", email="rita@example.org")

    response = client.post(
        RESET, {"email": "rita@example.org"}, HTTP_HOST="evil.example", HTTP_X_FORWARDED_HOST="evil.example"
    )
    assert response.status_code == 302
    run_tasks()

    (message,) = mail.outbox
    assert "evil.example" not in message.body and "evil.example" not in message.subject
    links = re.findall(r"\S+://\S+", message.body)
    assert len(links) == 1 and links[0].startswith(f"{expected}/accounts/reset/")


def _reset_request(client, email):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(RESET, {"email": email})
    return response, [query["sql"] for query in queries]


@pytest.mark.django_db
def test_known_and_unknown_addresses_get_the_same_answer_from_the_same_work(client):
    make_user(username="rita", email="rita@example.org")

    known, known_sql = _reset_request(client, "rita@example.org")
    unknown, unknown_sql = _reset_request(client, "nobody@example.org")

    assert (
        (known.status_code, known["Location"])
        == (unknown.status_code, unknown["Location"])
        == (302, "/accounts/password_reset/done/")
    )
    assert not any("auth_user" in sql for sql in known_sql), "the request looked the account up"
    assert len(known_sql) == len(unknown_sql)
    assert [re.sub(r"'[^']*'", "?", sql) for sql in known_sql] == [re.sub(r"'[^']*'", "?", sql) for sql in unknown_sql]
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(task_path="accounts.password_reset.send_password_reset").count() == 2


@pytest.mark.django_db
def test_the_sixth_request_for_an_address_within_the_hour_is_refused(client):
    for n in range(5):
        address = "Rita@Example.org" if n % 2 else "rita@example.org"  # one address, however spelled
        assert client.post(RESET, {"email": address}, REMOTE_ADDR=f"198.51.100.{n}").status_code == 302

    response = client.post(RESET, {"email": "rita@example.org"}, REMOTE_ADDR="198.51.100.9")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many password reset requests" in response.content.decode()
    assert DBTaskResult.objects.count() == 5
    assert client.post(RESET, {"email": "someone-else@example.org"}, REMOTE_ADDR="198.51.100.9").status_code == 302


@pytest.mark.django_db
def test_one_client_cannot_ask_for_many_addresses(client, settings):
    settings.PASSWORD_RESET_IP_RATE_LIMITS = ["3/1h"]
    for n in range(3):
        assert client.post(RESET, {"email": f"reader{n}@example.org"}).status_code == 302
    assert client.post(RESET, {"email": "reader9@example.org"}).status_code == 429


@pytest.mark.django_db(transaction=True)
def test_one_account_gets_at_most_the_limit_of_mails_whatever_the_spelling(client, settings, run_tasks):
    settings.PASSWORD_RESET_RATE_LIMITS = ["2/1h"]
    make_user(username="rita", email="rita@example.org")
    for n, spelling in enumerate(["rita@example.org", "RITA@example.org", "Rita@EXAMPLE.org", "rItA@example.org"]):
        client.post(RESET, {"email": spelling}, REMOTE_ADDR=f"198.51.100.{n}")
    run_tasks()
    assert len(mail.outbox) == 2
