"""What text is accepted: no control or text-direction characters from readers,
none in any feed or sitemap whatever is stored, and duplicates compared as read."""

import xml.etree.ElementTree as ET

import pytest

from comments.models import Comment
from comments.tests.factories import comment_post, make_article, make_comment
from comments.tests.test_posting import field_error
from newsportal.text import comparable_text, strip_unsafe_text, validate_reader_text

POST_URL = "/comments/post/"
UNSAFE = ["\x00", "\x0b", "\x0c", "\x1b", "\x1f", "\u202a", "\u202e", "\u2066", "\u2069"]


@pytest.fixture
def article(db):
    return make_article(slug="the-article")


@pytest.mark.parametrize("character", UNSAFE)
@pytest.mark.parametrize(
    ("field", "value"),
    [("comment", "Before{}after"), ("name", "Ann{}Lee"), ("website", "https://example.org/a{}b")],
)
def test_a_control_or_direction_character_is_refused_with_a_clear_error(client, article, field, value, character):
    response = client.post(POST_URL, comment_post(article, **{field: value.format(character)}))
    assert response.status_code == 400
    html = response.content.decode()
    assert "invisible control or text-direction character" in field_error(html, field)
    assert f"U+{ord(character):04X}" in field_error(html, field)
    assert not Comment.objects.exists()


def test_tabs_and_line_breaks_are_welcome(client, article):
    response = client.post(POST_URL, comment_post(article, comment="One\ttab\r\nand lines\nhere."))
    assert response.status_code == 303
    assert Comment.objects.get().body == "One\ttab\r\nand lines\nhere."


def test_the_helpers():
    validate_reader_text("Plain text,\ttabs and\nlines, émojis 🎉 and العربية.")
    assert strip_unsafe_text("a\x0bb\u202ec\ud800d\ufffe") == "abcd"
    assert strip_unsafe_text(None) is None
    assert comparable_text("  Hello\u200b   WORLD\u00a0ﬁne ") == "hello world fine"


def parsed(response):
    assert response.status_code == 200, response.status_code
    return ET.fromstring(response.content)


def test_comment_feeds_answer_and_parse_whatever_a_comment_holds(client, article):
    make_comment(article, name="Bad\x0bName\u202e", body="Text with \x0b, \x1b and \u2066 in it.")

    for address in ("/comments/feed/", "/the-article/feed/"):
        feed = parsed(client.get(address))
        item = feed.find("channel/item")
        assert item.find("description").text == "Text with ,  and  in it."
        assert "BadName" in item.find("title").text


def test_article_feeds_and_the_news_sitemap_answer_and_parse_whatever_an_article_holds(client, db):
    make_article(slug="odd", title="Title\x0b with \u202econtrols", excerpt="Excerpt\x01 here")

    for address in ("/feed/", "/feed/atom/", "/news-sitemap.xml"):
        text = ET.tostring(parsed(client.get(address)), encoding="unicode")
        assert "Title with controls" in text
    assert parsed(client.get("/feed/")).find("channel/item/description").text == "Excerpt here"


# --- duplicates ------------------------------------------------------------------


@pytest.mark.parametrize(
    "again",
    [
        "THE SAME REMARK, AGAIN.",
        "The same\u200b remark, again.",
        "The  same remark,\n again.",
        "\ufeffThe same remark, again. ",
        "\uff34\uff48\uff45 same remark, again.",  # fullwidth letters are the same letters
    ],
)
def test_the_same_comment_disguised_is_still_a_duplicate(client, article, again):
    first = comment_post(article, comment="The same remark, again.", email="same@example.org")
    assert client.post(POST_URL, first).status_code == 303
    response = client.post(POST_URL, comment_post(article, comment=again, email="Same@Example.org"))
    assert response.status_code == 409
    assert "You have already posted this comment." in response.content.decode()
    assert Comment.objects.count() == 1


def test_a_different_comment_is_not_a_duplicate(client, article):
    client.post(POST_URL, comment_post(article, comment="The same remark, again.", email="a@example.org"))
    response = client.post(POST_URL, comment_post(article, comment="The same remark again", email="a@example.org"))
    assert response.status_code == 303


def test_a_report_with_a_control_character_is_refused(client, article):
    comment = make_comment(article)
    response = client.post(f"/comments/{comment.pk}/report/", {"reason": "spam", "text": "Look\x1b[31m here"})
    assert response.status_code == 400
    assert "invisible control or text-direction character" in response.content.decode()
    assert not comment.reports.exists()
