import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from newsportal import freshness

from .. import languages, rendering, structured_data
from ..freshness import card_keys, mini_item_keys

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """Each language of the site: this page in it when it exists there, else that language's home page."""
    return languages.switcher(
        context.get("request"), context.get("language_versions"), is_article=bool(context.get("is_article_page"))
    )


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
