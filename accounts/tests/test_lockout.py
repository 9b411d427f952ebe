"""Five failed sign-ins lock the account, and separately the address, for an hour."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from articles.tests.factories import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password-42"
LOGIN = reverse("login")


def attempt(client, username, password="wrong-password", ip="203.0.113.7", url=LOGIN):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def signed_in(response):
    return response.status_code == 302


def test_four_failures_still_let_the_right_password_in(client):
    make_user(username="rita")
    for _ in range(4):
        assert attempt(client, "rita").status_code == 200
    assert signed_in(attempt(client, "rita", PASSWORD))


def test_five_failures_lock_the_account_with_a_page_in_the_site_layout(client):
    make_user(username="rita")
    for _ in range(5):
        attempt(client, "rita")
    response = attempt(client, "rita", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many attempts" in html
    assert 'class="topbar"' in html
    assert "_auth_user_id" not in client.session


def test_the_account_is_locked_from_every_address_and_whatever_its_case(client):
    make_user(username="rita")
    for n in range(5):
        attempt(client, "Rita " if n % 2 else "rita", ip=f"198.51.100.{n + 1}")
    assert attempt(client, "rita", PASSWORD, ip="192.0.2.200").status_code == 429


def test_the_address_is_locked_for_every_account(client):
    make_user(username="victim")
    for n in range(5):
        attempt(client, f"guess{n}")
    assert attempt(client, "victim", PASSWORD).status_code == 429
    assert signed_in(attempt(client, "victim", PASSWORD, ip="192.0.2.99"))


def test_the_admin_sign_in_is_protected_too(client):
    make_user(username="ed", is_staff=True)
    admin_login = reverse("admin:login")
    for _ in range(5):
        attempt(client, "ed", url=admin_login)
    response = attempt(client, "ed", PASSWORD, url=admin_login)
    assert response.status_code == 429
    assert attempt(client, "ed", PASSWORD, ip="192.0.2.50").status_code == 429


def test_the_lock_opens_after_an_hour(client):
    make_user(username="rita")
    for _ in range(5):
        attempt(client, "rita")
    assert attempt(client, "rita", PASSWORD).status_code == 429
    for access in AccessAttempt.objects.all():
        access.attempt_time -= timedelta(minutes=61)
        access.save()
    assert signed_in(attempt(client, "rita", PASSWORD))


def test_a_proxy_header_names_the_real_address(client, settings):
    settings.LOGIN_CLIENT_IP_HEADER = "X-Forwarded-For"
    make_user(username="victim")
    for n in range(5):
        client.post(
            LOGIN, {"username": f"guess{n}", "password": "x"}, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6"
        )
    # Another reader behind the same proxy is not locked out by the attacker's failures.
    response = client.post(
        LOGIN, {"username": "victim", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="7.7.7.7"
    )
    assert signed_in(response)


def reader(**fields):
    fields.setdefault("username", "isaac")
    fields.setdefault("email", "isaac.smith@example.com")
    return make_user(**fields)


def lock_out(client, username, url=LOGIN):
    for n in range(5):
        attempt(client, username, ip=f"198.51.100.{n + 1}", url=url)


@pytest.mark.parametrize(
    "failed_as, signs_in_as",
    [
        ("isaac.smith@example.com", "ISAAC.SMITH@EXAMPLE.COM"),
        ("ISAAC.SMITH@example.com", "isaac.smith@example.com"),
        ("isaac.smith@example.com", "isaac"),
        ("isaac", "isaac.smith@example.com"),
        ("Isaac", "isaac"),
        ("ｉｓａａｃ", "isaac"),
    ],
)
def test_the_account_is_locked_whatever_name_or_spelling_signs_in(client, failed_as, signs_in_as):
    reader()
    lock_out(client, failed_as)
    assert attempt(client, signs_in_as, PASSWORD, ip="192.0.2.200").status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_dotless_i_spelling_never_signs_in_a_locked_account(client):
    from django.contrib.auth import authenticate

    reader()
    lock_out(client, "isaac.smith@example.com")
    dotless = "ısaac.smıth@example.com"
    response = attempt(client, dotless, PASSWORD, ip="192.0.2.200")
    assert "_auth_user_id" not in client.session
    if authenticate(None, username=dotless, password=PASSWORD) is not None:
        # PostgreSQL's case-insensitive match takes ı for i: that spelling is the account, and it is locked.
        assert response.status_code == 429


def test_failures_under_a_dotless_spelling_lock_the_account_it_signs_in_as(client):
    from django.contrib.auth import authenticate

    reader()
    dotless = "ısaac.smıth@example.com"
    lock_out(client, dotless)
    if authenticate(None, username=dotless, password=PASSWORD) is not None:
        assert attempt(client, "isaac", PASSWORD, ip="192.0.2.200").status_code == 429
    else:
        assert signed_in(attempt(client, "isaac", PASSWORD, ip="192.0.2.200"))


def test_spellings_of_a_name_that_is_no_account_add_up(client):
    for n, spelling in enumerate(["Ghost", "GHOST", "ghost ", "ｇｈｏｓｔ", "gHoSt"]):
        attempt(client, spelling, ip=f"198.51.100.{n + 1}")
    assert {access.username for access in AccessAttempt.objects.all()} == {"name:ghost"}
    assert sum(access.failures_since_start for access in AccessAttempt.objects.all()) == 5


@pytest.mark.parametrize("signs_in_as", ["isaac", "ISAAC.SMITH@example.com"])
def test_the_admin_sign_in_locks_the_account_whatever_its_spelling(client, signs_in_as):
    reader(is_staff=True)
    admin_login = reverse("admin:login")
    lock_out(client, "Isaac.Smith@Example.com", url=admin_login)
    assert attempt(client, signs_in_as, PASSWORD, ip="192.0.2.200", url=admin_login).status_code == 429
    # The lock holds on the reader's sign-in page too: it is one account.
    assert attempt(client, signs_in_as, PASSWORD, ip="192.0.2.201").status_code == 429


def test_reader_failures_lock_the_admin_sign_in(client):
    reader(is_staff=True)
    lock_out(client, "isaac.smith@example.com")
    assert attempt(client, "ISAAC", PASSWORD, ip="192.0.2.200", url=reverse("admin:login")).status_code == 429
