"""Every check that decides where a link or a redirect goes reads the address as a browser does.

"/\\evil.example/login", "\\\\evil.example", "/\\t/evil.example" and
" javascript:…" look harmless to a naive check and take a browser elsewhere.
"""

import pytest
from django.urls import reverse

from articles.tests.factories import make_article, make_user
from comments.forms import CommentForm
from comments.models import Comment
from newsportal.links import as_browsers_read, is_site_path, is_web_address

OFF_SITE = [
    "/\\evil.example/login",
    "\\\\evil.example/login",
    "\\/evil.example",
    "/\t/evil.example/login",
    "/\r\n/evil.example",
    " //evil.example",
    "\x01//evil.example",
    "//evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    " javascript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,x",
]
PASSWORD = "a-long-test-password-42"


@pytest.mark.parametrize("url", OFF_SITE)
def test_no_off_site_spelling_is_a_site_path(url):
    assert not is_site_path(url)


@pytest.mark.parametrize("url", ["/", "/tag/x/", "/search/?q=a#b"])
def test_plain_paths_are_site_paths(url):
    assert is_site_path(url)


def test_addresses_are_read_as_browsers_read_them():
    assert as_browsers_read("/\\evil.example") == "//evil.example"
    assert as_browsers_read(" /\t/evil.example\n") == "//evil.example"


@pytest.mark.parametrize(
    "url", ["https://evil.example\\@good.example/", "http://good.example /x", "javascript:alert(1)", "https:///x"]
)
def test_a_web_address_must_be_read_alike_by_browsers_and_us(url):
    assert not is_web_address(url)


@pytest.mark.django_db
class TestCommentWebsite:
    @pytest.mark.parametrize(
        "website", ["javascript:alert(1)", "https://evil.example\\@good.example/", "/\\evil.example", "\\\\evil"]
    )
    def test_the_comment_form_refuses_it(self, website):
        form = CommentForm(
            {"comment": "Hello.", "name": "Ann", "email": "ann@example.org", "website": website},
            article=make_article(),
        )
        form.is_valid()
        assert "website" in form.errors

    def test_a_stored_ambiguous_address_is_never_a_link(self):
        comment = Comment(website="https://evil.example\\@good.example/")
        assert comment.safe_website == ""
        assert Comment(website="https://good.example/").safe_website == "https://good.example/"


@pytest.mark.django_db
class TestRedirectAfterSignIn:
    @pytest.mark.parametrize("target", OFF_SITE)
    def test_the_reader_sign_in_stays_on_the_site(self, client, target):
        make_user(username="rita")
        response = client.post(reverse("login"), {"username": "rita", "password": PASSWORD, "next": target})
        assert response.status_code == 302
        assert response["Location"] == "/"

    @pytest.mark.parametrize("target", OFF_SITE)
    def test_the_sign_in_page_never_carries_an_off_site_next(self, client, target):
        html = client.get(reverse("login"), {"next": target}).content.decode()
        assert "evil.example" not in html and "javascript:" not in html

    @pytest.mark.parametrize("target", OFF_SITE)
    def test_the_sign_up_stays_on_the_site(self, client, target):
        response = client.post(
            reverse("signup"),
            {
                "name": "Rita Reader",
                "email": "rita@example.org",
                "password1": "violet-harbour-lantern",
                "password2": "violet-harbour-lantern",
                "next": target,
            },
        )
        assert response["Location"] == "/"

    @pytest.mark.parametrize("target", OFF_SITE)
    def test_the_admin_sign_in_stays_on_the_site(self, client, target):
        make_user(username="ed", is_staff=True)
        response = client.post(reverse("admin:login"), {"username": "ed", "password": PASSWORD, "next": target})
        assert response.status_code == 302
        assert response["Location"] in ("/", reverse("admin:index"))

    def test_a_page_of_ours_is_where_the_reader_returns(self, client):
        make_user(username="rita")
        response = client.post(reverse("login"), {"username": "rita", "password": PASSWORD, "next": "/tag/x/"})
        assert response["Location"] == "/tag/x/"

    @pytest.mark.parametrize("target", OFF_SITE)
    def test_signing_out_and_switching_language_stay_on_the_site(self, client, target):
        client.force_login(make_user(username="rita"))
        response = client.post(reverse("logout"), {"next": target})
        assert "evil.example" not in response.get("Location", "")
        response = client.post(reverse("set_language"), {"language": "en", "next": target})
        assert "evil.example" not in response.get("Location", "") and "javascript" not in response.get("Location", "")
