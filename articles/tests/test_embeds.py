"""Embedded posts, pictures from the media library and the body editor's fit with the sanitiser."""

import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django_prose_editor.config import allowlist_from_extensions

from articles.body import check_body, editor_can_show
from articles.embeds import PROVIDERS, embed_for, frame_hosts
from articles.sanitize import ALLOWED_CLASSES, EDITOR_ATTRIBUTES, EDITOR_TAGS, sanitize_body
from articles.widgets import BODY_EDITOR_EXTENSIONS, OWN_EXTENSION_ALLOWLIST, BodyEditorWidget

from .factories import article_form_data, make_article, make_jpeg

YOUTUBE = "https://www.youtube.com/watch?v=nwe-H6l4beM"

ACCEPTED = {
    "https://www.youtube.com/watch?v=nwe-H6l4beM&t=30s": (
        "youtube",
        "https://www.youtube.com/watch?v=nwe-H6l4beM",
        "https://www.youtube-nocookie.com/embed/nwe-H6l4beM",
    ),
    "https://youtu.be/nwe-H6l4beM": (
        "youtube",
        "https://www.youtube.com/watch?v=nwe-H6l4beM",
        "https://www.youtube-nocookie.com/embed/nwe-H6l4beM",
    ),
    "https://www.youtube.com/shorts/nwe-H6l4beM": (
        "youtube",
        "https://www.youtube.com/watch?v=nwe-H6l4beM",
        "https://www.youtube-nocookie.com/embed/nwe-H6l4beM",
    ),
    "https://vimeo.com/76979871": (
        "vimeo",
        "https://vimeo.com/76979871",
        "https://player.vimeo.com/video/76979871?dnt=1",
    ),
    "https://twitter.com/NASA/status/1234567890123456789": (
        "x",
        "https://x.com/NASA/status/1234567890123456789",
        "https://platform.twitter.com/embed/Tweet.html?id=1234567890123456789&dnt=true",
    ),
    "https://www.instagram.com/p/C1a2B3c4D5e/": (
        "instagram",
        "https://www.instagram.com/p/C1a2B3c4D5e/",
        "https://www.instagram.com/p/C1a2B3c4D5e/embed/",
    ),
    "https://bsky.app/profile/bsky.app/post/3l6oveex3ii2l": (
        "bluesky",
        "https://bsky.app/profile/bsky.app/post/3l6oveex3ii2l",
        "https://embed.bsky.app/embed/bsky.app/app.bsky.feed.post/3l6oveex3ii2l",
    ),
    "https://mastodon.social/@Gargron/109318821117356215": (
        "mastodon",
        "https://mastodon.social/@Gargron/109318821117356215",
        "https://mastodon.social/@Gargron/109318821117356215/embed",
    ),
}
REFUSED = [
    "http://www.youtube.com/watch?v=nwe-H6l4beM",  # not https
    "https://www.youtube.com.evil.example/watch?v=nwe-H6l4beM",
    "https://evil.example/?https://youtu.be/nwe-H6l4beM",
    "https://www.youtube.com@evil.example/watch?v=nwe-H6l4beM",
    "https://www.youtube.com:8443/watch?v=nwe-H6l4beM",
    "https://www.youtube.com/watch?v=short",
    "https://www.youtube.com/playlist?list=PL123",
    "https://vimeo.com/channels/staffpicks",
    "https://x.com/NASA",
    "https://mastodon.example/@someone/109318821117356215",  # a server we do not name
    "https://youtu.be/nwe-\tH6l4beM",
    "javascript:alert(1)",
    "",
]


@pytest.mark.parametrize("url", ACCEPTED)
def test_each_provider_s_post_addresses_give_its_canonical_address_and_frame(url):
    embed = embed_for(url)
    assert (embed.provider, embed.url, embed.frame) == ACCEPTED[url]


@pytest.mark.parametrize("url", REFUSED)
def test_other_addresses_are_not_embeds(url):
    assert embed_for(url) is None


def test_the_policy_lets_frames_come_from_exactly_the_providers_embed_hosts():
    hosts = {embed_for(url).frame.split("/")[2] for url in ACCEPTED}
    assert hosts == set(frame_hosts(settings.EMBED_MASTODON_HOSTS))
    assert settings.SECURE_CSP["frame-src"] == [
        f"https://{host}" for host in frame_hosts(settings.EMBED_MASTODON_HOSTS)
    ]
    assert {embed.provider for embed in map(embed_for, ACCEPTED)} == set(PROVIDERS)


def test_the_sanitiser_rebuilds_an_embed_from_its_address_alone():
    cleaned = sanitize_body(
        '<figure data-embed-frame="https://evil.example/frame" class="embed" data-embed-provider="vimeo" '
        'data-embed-url="https://youtu.be/nwe-H6l4beM" onclick="x()"><a href="https://evil.example/">see</a>'
        '<iframe src="https://evil.example/"></iframe></figure>'
    )
    assert cleaned == (
        '<figure class="embed" data-embed-provider="youtube" '
        'data-embed-url="https://www.youtube.com/watch?v=nwe-H6l4beM" '
        'data-embed-frame="https://www.youtube-nocookie.com/embed/nwe-H6l4beM">'
        '<a href="https://www.youtube.com/watch?v=nwe-H6l4beM" rel="noopener noreferrer">'
        "https://www.youtube.com/watch?v=nwe-H6l4beM</a></figure>"
    )
    assert sanitize_body(cleaned) == cleaned


def test_an_embed_of_another_site_is_left_a_plain_link_and_embed_attributes_stay_on_embeds_only():
    assert sanitize_body(
        '<figure class="embed" data-embed-url="https://tracker.example/post" data-embed-frame="https://tracker.example/">'
        '<a href="https://tracker.example/post">post</a></figure>'
    ) == ('<figure class="embed"><a href="https://tracker.example/post" rel="noopener noreferrer">post</a></figure>')
    assert sanitize_body(
        '<figure data-embed-url="https://youtu.be/nwe-H6l4beM"><img src="/media/a.jpg" alt="A"></figure>'
    ) == ('<figure><img src="/media/a.jpg" alt="A"></figure>')
    # The WordPress import's link blocks are left as they are.
    block = (
        '<figure class="embed"><a href="https://example.org/x" title="x" rel="noopener noreferrer">Open</a></figure>'
    )
    assert sanitize_body(block) == block


def test_the_editor_writes_exactly_what_the_sanitiser_keeps():
    """The editor's extensions and the sanitiser's allow-list are one list, seen from both sides."""
    built_in = {name: config for name, config in BODY_EDITOR_EXTENSIONS.items() if name not in OWN_EXTENSION_ALLOWLIST}
    editor = allowlist_from_extensions(built_in)
    tags = set(editor["tags"])
    attributes = {tag: set(names) for tag, names in editor["attributes"].items()}
    classes = {}
    for own in OWN_EXTENSION_ALLOWLIST.values():
        tags |= own["tags"]
        for tag, names in own["attributes"].items():
            attributes.setdefault(tag, set()).update(names)
        for tag, names in own.get("allowed_classes", {}).items():
            classes.setdefault(tag, set()).update(names)
    # rel is the sanitiser's to write on every link (nh3's link_rel), not the editor's.
    attributes["a"].discard("rel")
    assert tags == EDITOR_TAGS
    assert attributes == EDITOR_ATTRIBUTES
    assert classes["figure"] <= ALLOWED_CLASSES["figure"]
    assert set(editor["url_schemes"]) == {"http", "https", "mailto"}


def test_bodies_the_editor_cannot_show_whole_are_edited_as_html():
    assert editor_can_show(
        "<p>Plain <b>bold</b></p><figure><img src='/a.jpg' alt='A'><figcaption>C</figcaption></figure>"
    )
    assert editor_can_show(
        '<figure class="embed" data-embed-url="https://youtu.be/nwe-H6l4beM"><a href="#">x</a></figure>'
    )
    for body in (
        '<figure class="gallery"><figure><img src="/a.jpg"></figure></figure>',
        '<p><img src="/a.jpg" alt="A"></p>',
        '<video controls src="/v.mp4"></video>',
        '<figure class="embed"><a href="https://example.org/">Open on example.org</a></figure>',
    ):
        assert not editor_can_show(body), body
        html = BodyEditorWidget().render("body", body)
        assert "data-body-editor" not in html
        assert "edited as HTML here" in html


def test_new_pictures_need_alt_text_and_a_caption_and_embeds_a_site_we_embed():
    with pytest.raises(Exception) as refused:
        check_body(
            '<figure><img src="/media/a.jpg" alt=" "><figcaption></figcaption></figure>'
            '<figure class="embed" data-embed-url="https://tracker.example/p"></figure>'
        )
    messages = " ".join(refused.value.messages)
    assert "“https://tracker.example/p” cannot be embedded" in messages
    assert "YouTube, Vimeo, X, Instagram, Bluesky, Mastodon" in messages
    assert "/media/a.jpg needs alt text" in messages and "/media/a.jpg needs a caption" in messages
    old = '<figure><img src="/media/old.jpg"></figure>'
    check_body(old + "<p>A correction.</p>", previous=old)


class TestTheAdmin:
    def test_the_change_form_has_the_editor_and_no_inline_script(self, client, editor):
        client.force_login(editor)
        article = make_article(body="<p>Hello</p>")
        html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
        assert "data-body-editor" in html
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert any('src="/static/js/body-editor.js"' in tag and 'type="module"' in tag for tag in scripts)
        assert all("src=" in tag or 'type="application/json"' in tag for tag in scripts)
        assert "importmap" not in html and "rich-text" not in html

    def test_an_embed_of_another_site_is_refused_with_the_text_kept(self, client, editor):
        client.force_login(editor)
        article = make_article(body="<p>Before.</p>")
        body = '<p>After.</p><figure class="embed" data-embed-url="https://tracker.example/p"></figure>'
        url = reverse("admin:articles_article_change", args=[article.pk])
        response = client.post(url, article_form_data(article, body=body))
        assert response.status_code == 200
        html = response.content.decode()
        assert "cannot be embedded" in html and "tracker.example/p" in html
        article.refresh_from_db()
        assert article.body == "<p>Before.</p>"

    def test_the_picture_picker_lists_library_pictures_to_the_newsroom_only(self, client, writer, media_root):
        from articles.images import image_writes
        from media_library.services import media_file_create

        with image_writes():
            media = media_file_create(
                source=io.BytesIO(make_jpeg()), name="quay.jpg", title="The quay", alt_text="Boats", caption="At dawn."
            )
        url = reverse("admin:media_library_mediafile_picker")
        assert client.get(url).status_code == 302  # to the sign-in page
        client.force_login(writer)  # an author: they may pick pictures, not change them
        results = client.get(url, {"q": "quay"}).json()["results"]
        assert [(r["id"], r["title"], r["alt"], r["caption"]) for r in results] == [
            (media.pk, "The quay", "Boats", "At dawn.")
        ]
        assert results[0]["src"].startswith("/media/") and results[0]["srcset"]
        assert client.get(url, {"q": "nothing like it"}).json()["results"] == []


def test_the_article_page_shows_an_embed_as_a_link_with_its_script_and_no_frame(client, db):
    article = make_article(
        body='<p>Watch.</p><figure class="embed" data-embed-url="https://vimeo.com/76979871"></figure>'
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<a href="https://vimeo.com/76979871" rel="noopener noreferrer">' in html
    assert "js/embeds.js" in html and 'data-embed-load="Show the post from %(provider)s"' in html
    assert "<iframe" not in html
    plain = make_article(body="<p>No embeds.</p>")
    assert "js/embeds.js" not in client.get(plain.get_absolute_url()).content.decode()


def test_a_page_of_ours_shows_an_embed_the_same_way(client, db):
    from pages.models import Page
    from pages.services import page_save

    page_save(
        page=Page(title="Our films", slug="films", body=f'<figure class="embed" data-embed-url="{YOUTUBE}"></figure>')
    )
    html = client.get("/films/").content.decode()
    assert "js/embeds.js" in html and 'data-embed-load="Show the post from %(provider)s"' in html
    assert "<iframe" not in html
