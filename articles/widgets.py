import json

from django import forms
from django.utils.translation import gettext as _


class RichTextWidget(forms.Textarea):
    """A textarea of HTML that static/js/rich-text.js turns into a small visual editor.

    The editor is a contenteditable area with a toolbar for exactly what the
    sanitiser keeps (paragraphs, h2–h4, lists, links, bold, italic, quotes)
    and an "HTML" switch back to this textarea. It needs no inline script or
    style, so it works under the site's Content-Security-Policy; without
    JavaScript the textarea itself still edits the HTML. Whatever it sends is
    sanitised again on save (articles/sanitize.py).
    """

    class Media:
        js = ["js/rich-text.js"]
        css = {"all": ["css/rich-text.css"]}

    def __init__(self, attrs=None):
        super().__init__({"rows": 20, "class": "rich-text-source", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # Translated at render time, in the editor's language; the script reads them from here.
        context["widget"]["attrs"]["data-rich-text"] = json.dumps(
            {
                "toolbar": _("Formatting"),
                "paragraph": _("Paragraph"),
                "h2": _("Heading"),
                "h3": _("Subheading"),
                "h4": _("Minor heading"),
                "bold": _("Bold"),
                "italic": _("Italic"),
                "bulleted": _("Bulleted list"),
                "numbered": _("Numbered list"),
                "quote": _("Quote"),
                "link": _("Link"),
                "unlink": _("Remove link"),
                "html": _("HTML"),
                "linkPrompt": _("Address of the link (https://…, mailto:… or /a-page-of-ours/)"),
                "editor": _("Body"),
            }
        )
        return context
