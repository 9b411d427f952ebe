import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from newsportal import freshness

from .. import chrome, languages, rendering, structured_data
from ..freshness import card_keys, mini_item_keys

register = template.Library()


@register.simple_tag(takes_context=True)
def site_header(context):
    """The header (`includes/header.html`), written once per process for each kind of page most readers see."""
    return chrome.site_header(context)


@register.simple_tag(takes_context=True)
def language_switcher(context):
    """The footer's languages: this page in each when it exists there, else that language's home page.

    Written here rather than by two template loops over every language,
    which were a twentieth of an article page built from its fragments.
    On the home page each language also carries the offer site.js may show
    a reader whose browser prefers it.
    """
    links = languages.switcher(
        context.get("request"), context.get("language_versions"), is_article=bool(context.get("is_article_page"))
    )
    offers = bool(context.get("is_home")) and len(links) > 1
    parts = ['<div class="lang-switcher">\n']
    for link in links:
        if link["is_current"]:
            parts.append(
                '<button type="button" class="lang-switcher__current" aria-haspopup="true" aria-expanded="false" '
                'aria-controls="language-list">\n'
                '<span class="lang-switcher__flag" aria-hidden="true">'
                f"{conditional_escape(link['code'].upper())}</span> {conditional_escape(capfirst(link['name']))}\n"
                "</button>\n"
            )
    label = conditional_escape(_("Languages"))
    parts.append(f'<ul id="language-list" class="lang-switcher__list" aria-label="{label}">\n')
    for link in links:
        code = conditional_escape(link["code"])
        offer = (
            f' data-offer="{conditional_escape(link["offer"])}" data-dismiss="{conditional_escape(link["dismiss"])}"'
            if offers
            else ""
        )
        current = ' aria-current="true"' if link["is_current"] else ""
        note = link["note"] and f' <span class="lang-switcher__note">({conditional_escape(link["note"])})</span>'
        parts.append(
            f'<li{offer}><a href="{conditional_escape(link["url"])}" lang="{code}" hreflang="{code}"{current}>'
            f"{conditional_escape(link['label'])}</a>{note}</li>\n"
        )
    parts.append("</ul>\n</div>\n")
    if offers:
        parts.append('<div class="language-offer" data-language-offer hidden></div>\n')
    return mark_safe("".join(parts))


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """The `hreflang` links of this page's head (articles/languages.py)."""
    return languages.alternates(context.get("request"), context.get("language_versions"))


@register.simple_tag(takes_context=True)
def article_card(context, article, card_class="", show_excerpt=False, show_comment_count=True):
    freshness.shows(context.get("request"), keys=card_keys(article, with_comment_count=show_comment_count))
    return mark_safe(
        rendering.article_card(
            article, card_class=card_class, show_excerpt=show_excerpt, show_comment_count=show_comment_count
        )
    )


@register.simple_tag(takes_context=True)
def card_meta(context, article):
    """A card's meta line on its own, for a story laid out in the template (the home page's lead)."""
    freshness.shows(context.get("request"), keys=card_keys(article))
    return rendering.card_meta(article)


@register.simple_tag(takes_context=True)
def mini_item(context, article):
    freshness.shows(context.get("request"), keys=mini_item_keys(article))
    return mark_safe(rendering.mini_item(article))


@register.simple_tag
def byline(authors, rel_author=False):
    """ "by A, B and C" with a link to each author's page (the page that shows it declares their keys)."""
    return rendering.byline(authors, rel_author=rel_author)


@register.simple_tag
def article_image(article, sizes=rendering.DEFAULT_IMAGE_SIZES, eager=False):
    return mark_safe(rendering.article_image(article, sizes=sizes, eager=eager))


@register.simple_tag(takes_context=True)
def default_share_image(context):
    """The absolute address and size of the picture shared for a page without one of its own."""
    width, height = structured_data.DEFAULT_SHARE_IMAGE_SIZE
    url = structured_data.absolute_url(static(structured_data.DEFAULT_SHARE_IMAGE), context.get("request"))
    return {"url": url, "width": width, "height": height}


@register.filter
def iso_datetime(value):
    """A `<time datetime>` value: ISO 8601 to the second (the date filter's "c" writes microseconds)."""
    return rendering.iso_datetime(value) if value else ""


@register.filter
def reading_minutes(text):
    """Minutes to read, at 230 words a minute, never less than one."""
    return max(1, round(len((text or "").split()) / 230))


# The characters that could end a <script> element or start a comment in it,
# as Django's json_script escapes them.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """`data` as a schema.org JSON-LD data block (a script the browser never runs)."""
    text = json.dumps(data, cls=DjangoJSONEncoder).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
