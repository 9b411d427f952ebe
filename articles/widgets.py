import json

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django_prose_editor.config import expand_extensions

from .body import editor_can_show
from .sanitize import ALLOWED_URL_SCHEMES

# The editor's extensions (django-prose-editor's names, and two of ours in
# static/js/body-editor.js). What they write is exactly the sanitiser's
# EDITOR_TAGS and EDITOR_ATTRIBUTES: articles/tests/test_embeds.py holds them together.
BODY_EDITOR_EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": sorted(ALLOWED_URL_SCHEMES)},
    "HTML": True,
    "LibraryFigure": True,
    "Embed": True,
}
# What our own two extensions write, as django-prose-editor's processors would say it.
OWN_EXTENSION_ALLOWLIST = {
    "LibraryFigure": {
        "tags": {"figure", "img", "figcaption"},
        "attributes": {"img": {"src", "srcset", "alt", "width", "height"}},
    },
    "Embed": {
        "tags": {"figure", "a"},
        "attributes": {"figure": {"data-embed-provider", "data-embed-url", "data-embed-frame"}, "a": {"href"}},
        "allowed_classes": {"figure": {"embed"}},
    },
}


class BodyEditorWidget(forms.Textarea):
    """A textarea of HTML that static/js/body-editor.js turns into django-prose-editor (ProseMirror).

    The script is an ES module loaded from this site that imports the
    editor's own module by address: no import map and no other inline
    script, so it runs under the site's Content-Security-Policy. Without
    JavaScript the textarea itself edits the HTML, and whatever arrives is
    sanitised again on save (articles/sanitize.py). A body the editor could
    not show whole (articles/body.py) stays in the textarea, with a note.
    """

    def __init__(self, attrs=None):
        super().__init__({"rows": 20, "class": "body-editor-source", **(attrs or {})})

    @property
    def media(self):
        return forms.Media(
            js=[forms.Script("js/body-editor.js", type="module")],
            css={
                "all": [
                    "django_prose_editor/material-icons.css",
                    "django_prose_editor/editor.css",
                    "django_prose_editor/overrides.css",
                    "css/body-editor.css",
                ]
            },
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if editor_can_show(value or ""):
            context["widget"]["attrs"]["data-body-editor"] = json.dumps(self.editor_config(), separators=(",", ":"))
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if editor_can_show(value or ""):
            return html
        note = _(
            "This text has parts the visual editor cannot show (a gallery, a player, a picture outside a figure "
            "or an old link block), so it is edited as HTML here: nothing of it is lost."
        )
        return format_html('<p class="body-editor-note">{}</p>{}', note, html)

    @staticmethod
    def editor_config():
        # Translated at render time, in the editor's language; the script reads them from here.
        return {
            "extensions": expand_extensions(BODY_EDITOR_EXTENSIONS),
            "pickerUrl": reverse("admin:media_library_mediafile_picker"),
            "labels": {
                "picture": _("Insert a picture from the media library"),
                "editPicture": _("Edit the picture's alt text and caption"),
                "pickTitle": _("Pictures in the media library"),
                "search": _("Search the media library"),
                "noPictures": _("No picture found."),
                "close": _("Close"),
                "insert": _("Insert"),
                "alt": _("Alt text"),
                "altHelp": _("What the picture shows, for readers who cannot see it."),
                "caption": _("Caption"),
                "embed": _("Embed a post from YouTube, Vimeo, X, Instagram, Bluesky or Mastodon"),
                "embedTitle": _("Embed a post"),
                "embedUrl": _("Address of the post"),
                "embedHelp": _(
                    "Readers see a link, and the post itself only once they ask for it. "
                    "Addresses of other sites are refused on save."
                ),
                "embedded": _("Embedded post"),
            },
        }
