"""The "Leave a Comment" form, with its two silent guards against bots.

- A honeypot field ("subject") that people never see: CSS moves it off
  screen and it is hidden from assistive technology. Bots fill in every
  field they find.
- A signed timestamp ("token") issued when the form is rendered: see
  spam.check_form_token.

Hidden-field problems (honeypot, token, parent) are reported as form-wide
errors, since the reader cannot see those fields; what they typed is kept.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from newsportal.links import is_unambiguous
from newsportal.text import validate_reader_text

from .models import Comment, validate_web_address
from .spam import FormTokenError, check_form_token, issue_form_token, reusable_form_token

BODY_MAX_LENGTH = 5000


def html_attributes(attrs):
    """Django's widgets/attrs.html: `name="value"`, a bare name for True, nothing for False.

    The names come from our code; the values are escaped.
    """
    return mark_safe(
        "".join(
            f" {name}" if value is True else f' {name}="{conditional_escape(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


class WrittenInPython:
    """Writes an input's HTML in Python, the same markup as Django's widget templates.

    The form is on every article page, and rendering its fields through the
    form templates was a twentieth of an article page built from scratch.
    Each value goes through `conditional_escape` in an f-string: with
    `format_html`, the form took half as long again to render.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value = "" if widget["value"] is None else f' value="{conditional_escape(widget["value"])}"'
        attributes = html_attributes(widget["attrs"])
        return mark_safe(f'<input type="{widget["type"]}" name="{conditional_escape(name)}"{value}{attributes}>')


class Textarea(forms.Textarea):
    """Django's textarea, written in Python for the same reason as the inputs."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        text = conditional_escape(widget["value"]) if widget["value"] else ""
        return mark_safe(
            f'<textarea name="{conditional_escape(name)}"{html_attributes(widget["attrs"])}>\n{text}</textarea>'
        )


class TextInput(WrittenInPython, forms.TextInput):
    pass


class EmailInput(WrittenInPython, forms.EmailInput):
    pass


class URLInput(WrittenInPython, forms.URLInput):
    pass


class CheckboxInput(WrittenInPython, forms.CheckboxInput):
    pass


class HiddenInput(WrittenInPython, forms.HiddenInput):
    pass


def validate_unambiguous_address(value):
    """No backslash, space or control character: "http://evil\\@example.org" takes a browser to evil."""
    if not is_unambiguous(value):
        raise ValidationError(_("Enter a web address that starts with http:// or https://."), code="invalid")


class WebAddressField(forms.URLField):
    """A URL field that accepts http and https only ("example.org" gets https://)."""

    default_validators = [validate_web_address, validate_unambiguous_address]
    default_error_messages = {"invalid": _("Enter a web address that starts with http:// or https://.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        validators=[validate_reader_text],
        max_length=BODY_MAX_LENGTH,
        widget=Textarea(attrs={"rows": 8, "cols": 45}),
        error_messages={"required": _("Please type your comment.")},
    )
    name = forms.CharField(
        label=_("Name"),
        validators=[validate_reader_text],
        max_length=100,
        widget=TextInput(attrs={"autocomplete": "name", "size": 30}),
        error_messages={"required": _("Please enter your name.")},
    )
    email = forms.EmailField(
        label=_("Email"),
        validators=[validate_reader_text],
        max_length=254,
        widget=EmailInput(attrs={"autocomplete": "email", "size": 30}),
        error_messages={"required": _("Please enter your email address.")},
    )
    website = WebAddressField(
        label=_("Website"),
        validators=[validate_reader_text],
        max_length=200,
        required=False,
        widget=URLInput(attrs={"autocomplete": "url", "size": 30}),
    )
    remember = forms.BooleanField(
        label=_("Save my name, email, and website in this browser for the next time I comment."),
        required=False,
        widget=CheckboxInput,
    )
    notify_replies = forms.BooleanField(
        label=_("Notify me of replies to my comment"),
        required=False,
        widget=CheckboxInput,
    )
    parent = forms.CharField(required=False, widget=HiddenInput)
    token = forms.CharField(required=False, widget=HiddenInput)
    subject = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, data=None, *, article, user=None, parent=None, **kwargs):
        super().__init__(data, **kwargs)
        self.article = article
        self.user = user if user is not None and user.is_authenticated else None
        self.parent_comment = parent
        if self.user is not None:
            # A signed-in reader is known: their account gives the name and email.
            del self.fields["name"]
            del self.fields["email"]
        if parent is not None and not self.is_bound:
            self.initial["parent"] = parent.pk

    def clean_email(self):
        return self.cleaned_data["email"].lower()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("subject"):
            self.add_error(
                None,
                _(
                    "Your comment was not sent because a field meant to stay empty was filled in "
                    "(browsers sometimes do this on their own). Please send it again."
                ),
            )
        try:
            check_form_token(cleaned.get("token"), self.article.pk)
        except FormTokenError as error:
            self.add_error(None, str(error))
        self.parent_comment = self._clean_parent(cleaned.get("parent"))
        return cleaned

    def _clean_parent(self, raw):
        raw = (raw or "").strip()
        if raw in ("", "0"):
            return None
        parent = None
        if raw.isdigit() and len(raw) < 19:
            parent = Comment.objects.approved().filter(pk=int(raw), article_id=self.article.pk).first()
        if parent is None:
            self.add_error(
                None,
                _(
                    "The comment you are replying to is not on this article or is no longer available. "
                    "Your text is below: you can post it as a new comment."
                ),
            )
            self.data = self.data.copy()
            self.data["parent"] = ""
        return parent

    def reject(self, message):
        """Mark a bound form as refused for `message` alone, without judging
        its fields: the reader's text is shown again, with no other error."""
        self._errors = ErrorDict(renderer=self.renderer)
        self.cleaned_data = {}
        self.add_error(None, message)
        # The reply stays a reply when it comes back (e.g. after a CSRF refusal).
        raw_parent = (self.data.get("parent") or "").strip()
        if raw_parent.isdigit() and len(raw_parent) < 19:
            self.parent_comment = (
                Comment.objects.approved().filter(pk=int(raw_parent), article_id=self.article.pk).first()
            )

    def timestamp_token(self):
        """The form's signed timestamp: the one it was sent with while that is still good, else a fresh one.

        A form sent back (too fast, a typo, a refused token) keeps the time
        it was first shown, so the reader is not asked to wait again.
        """
        if self.is_bound and reusable_form_token(self.data.get("token"), self.article.pk):
            return self.data.get("token")
        return issue_form_token(self.article.pk)

    def author_details(self):
        """Name, email and website as they will be stored."""
        if self.user is not None:
            name = self.user.get_full_name() or self.user.get_username()
            email = (self.user.email or "").lower()
        else:
            name, email = self.cleaned_data["name"], self.cleaned_data["email"]
        return {"name": name[:100], "email": email, "website": self.cleaned_data.get("website", "")}
