"""Reader accounts: sign up, sign in, sign out and reset a password, all in the site's layout."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from accounts.roles import EDITORS
from articles.tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "a-long-test-password-42"


def in_site_layout(html):
    return 'class="topbar"' in html and 'class="site-footer' in html


def signed_in_name(client):
    html = client.get("/").content.decode()
    match = re.search(r'<a class="topbar__user" href="[^"]*">([^<]*)</a>', html)
    return match.group(1) if match else None


def signup_data(**fields):
    return {
        "name": "Rita Reader",
        "email": "Rita.Reader@Example.org",
        "password1": "violet-harbour-lantern",
        "password2": "violet-harbour-lantern",
        **fields,
    }


class TestPages:
    @pytest.mark.parametrize("name", ["login", "signup", "password_reset"])
    def test_account_pages_are_in_the_site_layout_and_not_indexed(self, client, name):
        response = client.get(reverse(name))
        assert response.status_code == 200
        html = response.content.decode()
        assert in_site_layout(html)
        assert '<meta name="robots" content="noindex">' in html

    def test_the_login_link_in_the_top_bar_opens_the_sign_in_page(self, client):
        html = client.get("/").content.decode()
        assert f'href="{reverse("login")}"' in html
        assert reverse("login") == "/accounts/login/"


class TestSignUp:
    def test_a_reader_signs_up_and_is_signed_in(self, client):
        response = client.post(reverse("signup"), signup_data())
        assert response.status_code == 302
        assert response["Location"] == "/"
        user = User.objects.get()
        assert user.username == "rita.reader@example.org"
        assert user.email == "Rita.Reader@example.org"
        assert user.get_full_name() == "Rita Reader"
        assert not user.is_staff
        assert user.check_password("violet-harbour-lantern")
        assert signed_in_name(client) == "Rita Reader"

    def test_an_email_is_taken_whatever_its_case(self, client):
        make_user(email="rita.reader@example.org")
        response = client.post(reverse("signup"), signup_data())
        assert response.status_code == 200
        assert "An account with this email address already exists" in response.content.decode()
        assert User.objects.count() == 1

    def test_a_taken_username_gets_a_generated_one(self, client):
        make_user(username="rita.reader@example.org", email="someone@example.org")
        assert client.post(reverse("signup"), signup_data()).status_code == 302
        assert User.objects.get(email__iexact="rita.reader@example.org").username.startswith("reader-")

    @pytest.mark.parametrize(
        "password, message",
        [
            ("short1", "too short"),
            ("password123", "too common"),
            ("83749201837", "entirely numeric"),
            ("rita.reader", "too similar"),
        ],
    )
    def test_weak_passwords_are_refused_by_djangos_validators(self, client, password, message):
        response = client.post(reverse("signup"), signup_data(password1=password, password2=password))
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not User.objects.exists()

    def test_mismatched_passwords_and_missing_fields_are_form_errors(self, client):
        response = client.post(reverse("signup"), signup_data(password2="something-else-entirely"))
        assert "The two passwords are not the same" in response.content.decode()
        response = client.post(reverse("signup"), {"name": "  ", "email": "not-an-email"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "This field is required" in html
        assert "Enter a valid email address" in html
        assert not User.objects.exists()

    @pytest.mark.parametrize("character", ["\x0b", "\x1b", "\u202e", "\u2067"])
    def test_a_name_with_a_control_or_direction_character_is_refused(self, client, character):
        response = client.post(reverse("signup"), signup_data(name=f"Rita{character}Reader"))
        assert response.status_code == 200
        assert "invisible control or text-direction character" in response.content.decode()
        assert not User.objects.exists()

    def test_sign_up_returns_to_a_page_of_ours_only(self, client):
        article = make_article()
        response = client.post(reverse("signup"), signup_data(next=article.get_absolute_url()))
        assert response["Location"] == article.get_absolute_url()
        client.logout()
        response = client.post(
            reverse("signup"), signup_data(email="other@example.org", next="https://evil.example/phish")
        )
        assert response["Location"] == "/"


class TestSignInAndOut:
    def test_a_reader_signs_in_with_their_email_in_any_case_and_out_again(self, client):
        make_user(username="rita@example.org", email="rita@example.org", first_name="Rita")
        response = client.post(reverse("login"), {"username": "RITA@example.org", "password": PASSWORD})
        assert response.status_code == 302
        assert signed_in_name(client) == "Rita"
        assert "Logout" in client.get("/").content.decode()
        assert client.get(reverse("logout")).status_code == 405
        response = client.post(reverse("logout"))
        assert response.status_code == 302
        assert signed_in_name(client) is None

    def test_a_wrong_password_is_a_form_error(self, client):
        make_user(username="rita@example.org", email="rita@example.org")
        response = client.post(reverse("login"), {"username": "rita@example.org", "password": "nope"})
        assert response.status_code == 200
        assert "Please enter a correct" in response.content.decode()
        assert signed_in_name(client) is None

    @pytest.mark.parametrize(
        "target, expected",
        [
            ("/politics/", "/politics/"),
            ("https://evil.example/", "/"),
            ("//evil.example/", "/"),
            ("/\\evil.example/", "/"),
            ("javascript:alert(1)", "/"),
        ],
    )
    def test_after_sign_in_only_a_page_of_ours_is_followed(self, client, target, expected):
        make_user(username="rita")
        response = client.post(reverse("login"), {"username": "rita", "password": PASSWORD, "next": target})
        assert response["Location"] == expected

    def test_staff_sign_in_to_the_admin_with_the_same_account(self, client):
        make_user(username="ed", groups=[EDITORS])
        response = client.post(reverse("login"), {"username": "ed", "password": PASSWORD, "next": "/admin/"})
        assert response["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200
        client.logout()
        response = client.post(
            reverse("admin:login"), {"username": "ed", "password": PASSWORD, "next": "/admin/"}, follow=True
        )
        assert "BBN – Big Big News newsroom" in response.content.decode()
        assert response.context["user"].username == "ed"


class TestPasswordReset:
    @pytest.mark.django_db(transaction=True)
    def test_a_reader_resets_their_password_by_email(self, client, run_tasks):
        user = make_user(username="rita@example.org", email="rita@example.org")
        response = client.post(reverse("password_reset"), {"email": "Rita@Example.org"})
        assert response["Location"] == reverse("password_reset_done")
        assert in_site_layout(client.get(response["Location"]).content.decode())
        assert mail.outbox == [], "the request sent the mail itself"
        run_tasks()
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["rita@example.org"]
        link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)

        page = client.get(link, follow=True)
        assert page.status_code == 200
        assert in_site_layout(page.content.decode())
        set_password_url = page.redirect_chain[-1][0]
        response = client.post(
            set_password_url, {"new_password1": "copper-meadow-signal", "new_password2": "copper-meadow-signal"}
        )
        assert response["Location"] == reverse("password_reset_complete")
        assert in_site_layout(client.get(response["Location"]).content.decode())

        user.refresh_from_db()
        assert user.check_password("copper-meadow-signal")
        assert client.get(link, follow=True).context["validlink"] is False
        response = client.post(reverse("login"), {"username": "rita@example.org", "password": "copper-meadow-signal"})
        assert response.status_code == 302

    @pytest.mark.django_db(transaction=True)
    def test_an_unknown_address_gets_the_same_answer_and_no_mail(self, client, run_tasks):
        response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
        assert response["Location"] == reverse("password_reset_done")
        run_tasks()
        assert mail.outbox == []

    def test_the_admin_sign_in_page_offers_the_reset(self, client):
        html = client.get(reverse("admin:login")).content.decode()
        assert reverse("admin_password_reset") in html


def test_the_comment_form_knows_a_signed_in_reader(client):
    article = make_article(comments_open=True)
    client.post(reverse("signup"), signup_data())
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Logged in as Rita Reader." in html
    assert 'name="email"' not in html  # no need to type what the account already knows
