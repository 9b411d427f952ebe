from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """Each language of the site with the address of this page in it."""
    request = context.get("request")
    path = request.path if request else "/"
    current = get_language()
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(path, code),
            "is_current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


@register.filter
def reading_minutes(text):
    """Minutes to read, at 230 words a minute, never less than one."""
    return max(1, round(len((text or "").split()) / 230))
