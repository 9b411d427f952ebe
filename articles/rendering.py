"""Article cards, footer items and featured images as HTML, written in Python.

A page shows a dozen cards and ten footer items, and an `{% include %}` per
card (with another per image) was most of a page's rendering time when no
cache helps: each include resolves some thirty template variables. These
functions write the same markup directly. Pages keep their layout in
templates and call them through `articles_tags` (`article_card`,
`mini_item`, `article_image`). Every value an editor typed goes through
Django's `conditional_escape`, which leaves what is already safe HTML
(search's highlighted titles and snippets) as it is; the functions return
safe strings.

Each value is escaped on its own inside an f-string rather than passed to
`format_html`, which took half as long again over a page's cards for the
same output.
"""

import re
from typing import NamedTuple
from urllib.parse import quote

from django.conf import settings
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils import dateformat, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext, override, pgettext

from newsportal.formats import site_format

DEFAULT_IMAGE_SIZES = "(max-width: 700px) 100vw, 400px"


class Rendered(NamedTuple):
    """A card or footer item written once for a shared fragment, with what tells it apart.

    Fragments shown by many pages (the chrome, "You may also like") keep
    these rather than model instances: reading them back is unpickling a
    few strings, not a dozen instances to be written out again on every
    page. A template shows one as `{{ item.html }}` (a safe string).
    """

    pk: int
    slug: str
    title: str
    html: str

    @classmethod
    def of(cls, article, html):
        return cls(article.pk, article.slug, article.title, mark_safe(html))


# What `reverse()` leaves unquoted in a path (the `pchar` of RFC 3986), as Django's resolver quotes it.
URL_SAFE_CHARACTERS = "!$&'()*+,;=/~:@"
# The `uslug` converter's pattern (articles/urls.py): a slug it would not match goes through `reverse()`.
SLUG = re.compile(r"[-\w]+")
SLUG_PLACEHOLDER = "slug-placeholder"
_slug_url_templates = {}


def slug_url(view_name, slug, language):
    """`reverse(view_name, kwargs={"slug": slug})` with `language` active, for a page that writes dozens of them.

    Reversing took a third of a card's time (three addresses a card, each
    resolving the URL patterns again); the address is reversed once per
    language with a placeholder and the slug quoted into it as `reverse()`
    would, for the same bytes. Articles, categories, authors and topics
    write their `get_absolute_url()` with it: a page built writes thirty.
    """
    key = (view_name, language, settings.LANGUAGE_CODE, get_script_prefix(), get_resolver(get_urlconf()))
    template = _slug_url_templates.get(key)
    if template is None:
        with override(language):
            parts = reverse(view_name, kwargs={"slug": SLUG_PLACEHOLDER}).split(SLUG_PLACEHOLDER)
        template = tuple(parts) if len(parts) == 2 else ()
        if len(_slug_url_templates) > 64:  # URL confs replaced (tests): forget the old ones
            _slug_url_templates.clear()
        _slug_url_templates[key] = template
    if template and SLUG.fullmatch(slug):
        head, tail = template
        return f"{head}{slug if slug.isascii() else quote(slug, safe=URL_SAFE_CHARACTERS)}{tail}"
    with override(language):
        return reverse(view_name, kwargs={"slug": slug})


def long_date(value):
    """ "June 17, 2023" in the site's time zone, as the active language writes it
    (LONG_DATE_FORMAT: "17 de junio de 2023" in Spanish)."""
    return dateformat.format(timezone.localtime(value), site_format("LONG_DATE_FORMAT"))


def iso_datetime(value):
    """`value` in the site's time zone as ISO 8601 to the second: "2026-12-01T03:29:49-05:00".

    HTML's `<time datetime>` allows at most three digits of a second's fraction, and
    Python's `isoformat()` (like the date filter's "c") writes six.
    """
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def time_element(value, css_class=""):
    class_attribute = f' class="{css_class}"' if css_class else ""
    return f'<time{class_attribute} datetime="{iso_datetime(value)}">{long_date(value)}</time>'


def comment_count_label(count):
    return ngettext("%(counter)s comment", "%(counter)s comments", count) % {"counter": count}


def article_image(article, *, sizes=DEFAULT_IMAGE_SIZES, eager=False):
    """The featured image at the sizes the layout needs, or the category's placeholder."""
    image = article.image
    if image is None:
        category = article.category if article.category_id else None
        slug = category.slug if category else "news"
        label = category.name if category else "BBN"
        return mark_safe(
            f'<span class="placeholder-image placeholder-image--{conditional_escape(slug)}" role="img" '
            f'aria-label="{conditional_escape(article.image_alt)}">'
            f'<span aria-hidden="true">{conditional_escape(label)}</span></span>'
        )
    parts = [f'<img src="{conditional_escape(image.src)}"']
    if image.srcset:
        parts.append(f' srcset="{conditional_escape(image.srcset)}" sizes="{conditional_escape(sizes)}"')
    if image.width:
        parts.append(f' width="{image.width}" height="{image.height}"')
    parts.append(f' alt="{conditional_escape(image.alt)}" ')
    parts.append('fetchpriority="high"' if eager else 'loading="lazy"')
    parts.append(' decoding="async">')
    return mark_safe("".join(parts))


def article_card(article, *, card_class="", show_excerpt=False, show_comment_count=True):
    """A story card: image, category, title, byline, date, comment count (unless asked not to) and,
    where asked, the excerpt."""
    url = conditional_escape(article.get_absolute_url())
    classes = f"card {conditional_escape(card_class)}" if card_class else "card"
    title = getattr(article, "marked_title", None) or article.title
    snippet = getattr(article, "snippet", None)
    if snippet:
        excerpt = f'\n    <p class="card__excerpt card__snippet">{conditional_escape(snippet)}</p>'
    elif show_excerpt and article.excerpt:
        excerpt = f'\n    <p class="card__excerpt">{conditional_escape(Truncator(article.excerpt).words(40))}</p>'
    else:
        excerpt = ""
    category = article.category
    return mark_safe(
        f'<article class="{classes}">\n'
        f'  <a class="card__image" href="{url}" tabindex="-1" aria-hidden="true">{article_image(article)}</a>\n'
        '  <div class="card__body">\n'
        f'    <a class="category-label" href="{conditional_escape(category.get_absolute_url())}">'
        f"{conditional_escape(category.name)}</a>\n"
        f'    <h3 class="card__title"><a href="{url}">{conditional_escape(title)}</a></h3>\n'
        f"    {card_meta(article, show_comment_count=show_comment_count)}{excerpt}\n"
        "  </div>\n"
        "</article>\n"
    )


def byline(authors, *, rel_author=False):
    """ "by A", "by A and B", "by A, B and C": each name a link to the author's page.

    Whole sentences are translated (a language may put "by" after the names
    or join them otherwise); the separator between the first names too.
    """
    rel = ' rel="author"' if rel_author else ""
    links = [
        f'<a href="{conditional_escape(author.get_absolute_url())}"{rel}>{conditional_escape(author.name)}</a>'
        for author in authors
    ]
    if len(links) == 1:
        # Translators: the byline of an article with one author (a link to their page).
        text = conditional_escape(gettext("by %(author)s")) % {"author": links[0]}
    else:
        # Translators: put between the names of a byline before the last one: "by A, B and C".
        separator = conditional_escape(pgettext("byline", ", "))
        # Translators: the byline of an article with several authors: "by A, B and C".
        text = conditional_escape(gettext("by %(authors)s and %(last_author)s")) % {
            "authors": separator.join(links[:-1]),
            "last_author": links[-1],
        }
    return mark_safe(text)


def card_meta(article, *, show_comment_count=True):
    """A card's meta line: "by <authors> · <date> · <N> comments"."""
    comment_count = ""
    if show_comment_count:
        comment_count = (
            f'\n      <span class="meta-item"><span class="sep" aria-hidden="true">·</span> '
            f'<a href="{conditional_escape(article.get_absolute_url())}#comments">'
            f"{conditional_escape(comment_count_label(article.comment_count))}</a></span>"
        )
    return mark_safe(
        f'<p class="card__meta"><span class="meta-item">{byline(article.authors)}</span>\n'
        f'      <span class="meta-item"><span class="sep" aria-hidden="true">·</span> '
        f"{time_element(article.published_at)}</span>{comment_count}</p>"
    )


def mini_item(article):
    """A footer list item: thumbnail, title and date."""
    url = conditional_escape(article.get_absolute_url())
    return mark_safe(
        '<li class="mini-item">\n'
        f'  <a class="mini-item__thumb" href="{url}" tabindex="-1" aria-hidden="true">'
        f"{article_image(article, sizes='72px')}</a>\n"
        "  <div>\n"
        f'    <a class="mini-item__title" href="{url}">{conditional_escape(article.title)}</a>\n'
        f"    {time_element(article.published_at, 'mini-item__date')}\n"
        "  </div>\n"
        "</li>\n"
    )
