"""Absolute addresses and schema.org JSON-LD for search engines and link previews.

Every builder returns plain dicts; `{{ data|json_ld }}` (articles_tags)
serialises them into a `<script type="application/ld+json">` data block with
<, > and & escaped, so no text of ours can close the element.
"""

import html
from datetime import datetime

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext as _

SCHEMA_CONTEXT = "https://schema.org"
# Google asks for an organisation logo of at least 112 × 112 pixels.
PUBLISHER_LOGO = "img/logo-square.png"
PUBLISHER_LOGO_SIZE = (512, 512)
# What a link to a page without a picture of its own (the home page, a section) shows when shared.
DEFAULT_SHARE_IMAGE = "img/share-default.png"
DEFAULT_SHARE_IMAGE_SIZE = (1200, 630)
HEADLINE_MAX_LENGTH = 110  # Google's limit for NewsArticle headlines


def absolute_url(location, request=None):
    """`location` (a path of this site, or already a full URL) as an absolute URL.

    `SITE_URL` wins when it is set, so that links in feeds, sitemaps and
    structured data name the public address even behind a proxy; otherwise
    the request's own scheme and host are used.
    """
    if location.startswith(("http://", "https://")):
        return location
    if settings.SITE_URL:
        if location.startswith("//"):
            return settings.SITE_URL.split("//", 1)[0] + location
        return settings.SITE_URL + location
    if request is not None:
        return request.build_absolute_uri(location)
    return location


def iso(moment):
    return timezone.localtime(moment).isoformat()


def last_modified(article):
    """An article scheduled before it was last edited was still modified no earlier than its publication."""
    return max(article.published_at, article.updated_at)


def organization_ref(request):
    return {"@id": absolute_url("/", request) + "#organization"}


def publisher_logo(request):
    width, height = PUBLISHER_LOGO_SIZE
    return {
        "@type": "ImageObject",
        "url": absolute_url(static(PUBLISHER_LOGO), request),
        "width": width,
        "height": height,
    }


def organization(request):
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "Organization",
        **organization_ref(request),
        "name": settings.SITE_NAME,
        "url": absolute_url("/", request),
        "logo": publisher_logo(request),
    }


def website(request):
    """The site, with the search box that Google may show under its result."""
    home = absolute_url(reverse("articles:home"), request)
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "WebSite",
        "@id": home + "#website",
        "name": settings.SITE_NAME,
        "url": home,
        "publisher": organization_ref(request),
        "inLanguage": get_language() or settings.LANGUAGE_CODE,
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": home + "?s={search_term_string}"},
            "query-input": "required name=search_term_string",
        },
    }


def correction_comment(note, request):
    """A correction or update note as schema.org's CorrectionComment; a withdrawn one says it was withdrawn."""
    if note.is_withdrawn:
        if note.kind == note.Kind.UPDATE:
            withdrawn = _("An update of %(date)s was withdrawn.")
        else:
            withdrawn = _("A correction of %(date)s was withdrawn.")
        text = withdrawn % {"date": timezone.localtime(note.published_at).date().isoformat()}
        published = note.withdrawn_at
    else:
        text, published = " ".join(html.unescape(strip_tags(note.text)).split()), note.published_at
    return {
        "@type": "CorrectionComment",
        "url": absolute_url(note.get_absolute_url(), request),
        "text": text,
        "datePublished": iso(published),
    }


def news_article(article, request, corrections=()):
    """The article itself; `article` comes with its authors (with_bylines()), category and topic loaded."""
    url = absolute_url(article.get_absolute_url(), request)
    data = {
        "@context": SCHEMA_CONTEXT,
        "@type": "NewsArticle",
        "@id": url + "#article",
        "mainEntityOfPage": url,
        "url": url,
        "headline": article.title[:HEADLINE_MAX_LENGTH],
        "datePublished": iso(article.published_at),
        "dateModified": iso(last_modified(article)),
        "author": [
            {"@type": "Person", "name": author.name, "url": absolute_url(author.get_absolute_url(), request)}
            for author in article.authors
        ],
        "publisher": {
            "@type": "Organization",
            **organization_ref(request),
            "name": settings.SITE_NAME,
            "url": absolute_url("/", request),
            "logo": publisher_logo(request),
        },
        "articleSection": article.category.name,
        "inLanguage": article.language,
    }
    if article.excerpt:
        data["description"] = article.excerpt
    if article.topic_id:
        data["keywords"] = [article.topic.name]
    if article.image is not None:
        # A rendition: re-encoded, and named so that it never changes.
        data["image"] = [absolute_url(article.image.share_url, request)]
    if corrections:
        data["correction"] = [correction_comment(note, request) for note in corrections]
    return data


def breadcrumbs(article, request):
    """Home › Category › Title, as the page's breadcrumb shows it."""
    trail = [
        (settings.SITE_NAME, reverse("articles:home")),
        (article.category.name, article.category.get_absolute_url()),
        (article.title, article.get_absolute_url()),
    ]
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute_url(path, request)}
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def faq_page(faqs, article, request):
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "FAQPage",
        "url": absolute_url(article.get_absolute_url(), request),
        "mainEntity": [
            {
                "@type": "Question",
                "name": faq.question,
                "acceptedAnswer": {"@type": "Answer", "text": faq.answer},
            }
            for faq in faqs
        ],
    }


def article_page(article, faqs, request, corrections=()):
    """Everything an article page describes about itself."""
    blocks = [news_article(article, request, corrections), breadcrumbs(article, request)]
    if faqs:
        blocks.append(faq_page(faqs, article, request))
    return blocks


def home_page(request):
    return [organization(request), website(request)]


def live_blog_posting(article_data, coverage, entries, request):
    """A live article's description (`article_data`, from news_article) as a LiveBlogPosting.

    Google reads live coverage from LiveBlogPosting: when it started
    (`coverageStartTime`), when it ended once it has (`coverageEndTime`),
    and its updates (`liveBlogUpdate`), each a BlogPosting with a headline,
    its time, its text and its permalink on the page. `entries` are the
    entries the page shows, newest first.
    """
    url = article_data["url"]
    data = {**article_data, "@type": "LiveBlogPosting", "coverageStartTime": iso(coverage.started_at)}
    if coverage.ended_at is not None:
        data["coverageEndTime"] = iso(coverage.ended_at)
    if entries:
        data["dateModified"] = iso(max(last_modified_at(article_data), entries[0].created_at))
    data["liveBlogUpdate"] = [live_blog_update(entry, url, request) for entry in entries]
    return data


def last_modified_at(article_data):
    return datetime.fromisoformat(article_data["dateModified"])


def live_blog_update(entry, page_url, request):
    update = {
        "@type": "BlogPosting",
        "@id": f"{page_url}#entry-{entry.pk}",
        "url": f"{page_url}#entry-{entry.pk}",
        "headline": entry.headline,
        "datePublished": iso(entry.created_at),
        "articleBody": entry.plain_text,
    }
    if entry.writer is not None:
        update["author"] = [
            {
                "@type": "Person",
                "name": entry.writer.name,
                "url": absolute_url(entry.writer.get_absolute_url(), request),
            }
        ]
    if entry.image:
        update["image"] = [absolute_url(entry.image.url, request)]
    return update
