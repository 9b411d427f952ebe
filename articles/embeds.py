"""Posts from other sites that a body may embed, and the only frames readers' browsers may load for them.

An editor pastes the address of a post (a YouTube video, a Vimeo video, a
post on X, Instagram, Bluesky or a Mastodon server we name). The body stores
a neutral block, never the provider's markup:

    <figure class="embed" data-embed-provider="youtube" data-embed-url="…"
            data-embed-frame="…"><a href="…">…</a></figure>

The sanitiser (articles/sanitize.py) rebuilds that block from the address
alone, through `embed_for()`, so the frame address is always one we derived
from a recognised post address and its host is one of `frame_hosts()`, which
is exactly what the Content-Security-Policy's frame-src allows. On the page
the block is a plain link until the reader presses the button that
static/js/embeds.js adds: nothing is loaded from the provider before.

This module is imported by the settings (for frame-src), so it must not
import models or read settings at import time.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Embed:
    provider: str  # a key of PROVIDERS
    url: str  # the post's own address, in its canonical form
    frame: str  # the address of the provider's embeddable frame


@dataclass(frozen=True)
class Provider:
    name: str  # as the provider writes it; a brand, not translated
    frame_host: str


PROVIDERS = {
    "youtube": Provider("YouTube", "www.youtube-nocookie.com"),
    "vimeo": Provider("Vimeo", "player.vimeo.com"),
    "x": Provider("X", "platform.twitter.com"),
    "instagram": Provider("Instagram", "www.instagram.com"),
    "bluesky": Provider("Bluesky", "embed.bsky.app"),
    "mastodon": Provider("Mastodon", ""),  # every allowed server is its own frame host
}

DEFAULT_MASTODON_HOSTS = ("mastodon.social",)

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
YOUTUBE_PATH = re.compile(r"^/(?:shorts|embed|live)/([A-Za-z0-9_-]{11})/?$")
VIMEO_PATH = re.compile(r"^/(\d{1,12})(?:/([0-9a-f]{6,20}))?/?$")
X_PATH = re.compile(r"^/(\w{1,15})/status/(\d{1,20})/?$")
INSTAGRAM_PATH = re.compile(r"^/(p|reel|tv)/([A-Za-z0-9_-]{5,40})/?$")
BLUESKY_PATH = re.compile(
    r"^/profile/((?:did:plc:[a-z2-7]{24})|(?:[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})+))/post/([a-z2-7]{13})/?$"
)
MASTODON_PATH = re.compile(r"^/@(\w{1,30})/(\d{1,20})/?$")


def frame_hosts(mastodon_hosts=DEFAULT_MASTODON_HOSTS):
    """Every host an embed's frame may come from: the CSP's frame-src is exactly these."""
    fixed = [provider.frame_host for provider in PROVIDERS.values() if provider.frame_host]
    return [*fixed, *mastodon_hosts]


def _mastodon_hosts():
    from django.conf import settings

    return tuple(getattr(settings, "EMBED_MASTODON_HOSTS", DEFAULT_MASTODON_HOSTS))


def embed_for(url):
    """The Embed for the address of a post we may embed, or None for any other address."""
    value = (url or "").strip()
    if any(character.isspace() or ord(character) < 32 for character in value):
        return None
    parts = urlsplit(value)
    if parts.scheme != "https" or parts.username or parts.password or parts.port:
        return None
    host = (parts.hostname or "").lower()
    path = parts.path
    if host in ("youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"):
        if host == "youtu.be":
            video = path.strip("/")
        elif path == "/watch":
            video = (parse_qs(parts.query).get("v") or [""])[0]
        else:
            match = YOUTUBE_PATH.match(path)
            video = match[1] if match else ""
        if YOUTUBE_ID.match(video):
            return Embed(
                "youtube",
                f"https://www.youtube.com/watch?v={video}",
                f"https://www.youtube-nocookie.com/embed/{video}",
            )
        return None
    if host in ("vimeo.com", "www.vimeo.com") and (match := VIMEO_PATH.match(path)):
        video, unlisted = match[1], match[2]
        url = f"https://vimeo.com/{video}" + (f"/{unlisted}" if unlisted else "")
        frame = f"https://player.vimeo.com/video/{video}?dnt=1" + (f"&h={unlisted}" if unlisted else "")
        return Embed("vimeo", url, frame)
    if host in ("x.com", "www.x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com") and (
        match := X_PATH.match(path)
    ):
        user, post = match[1], match[2]
        return Embed(
            "x",
            f"https://x.com/{user}/status/{post}",
            f"https://platform.twitter.com/embed/Tweet.html?id={post}&dnt=true",
        )
    if host in ("instagram.com", "www.instagram.com") and (match := INSTAGRAM_PATH.match(path)):
        kind, code = match[1], match[2]
        return Embed(
            "instagram", f"https://www.instagram.com/{kind}/{code}/", f"https://www.instagram.com/{kind}/{code}/embed/"
        )
    if host == "bsky.app" and (match := BLUESKY_PATH.match(path)):
        author, post = match[1], match[2]
        return Embed(
            "bluesky",
            f"https://bsky.app/profile/{author}/post/{post}",
            f"https://embed.bsky.app/embed/{author}/app.bsky.feed.post/{post}",
        )
    if host in _mastodon_hosts() and (match := MASTODON_PATH.match(path)):
        user, post = match[1], match[2]
        return Embed("mastodon", f"https://{host}/@{user}/{post}", f"https://{host}/@{user}/{post}/embed")
    return None


def provider_names():
    """The providers as editors read them, for messages: "YouTube, Vimeo, …"."""
    return ", ".join(provider.name for provider in PROVIDERS.values())
