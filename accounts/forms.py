import secrets

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from newsportal.text import validate_reader_text

User = get_user_model()


class SignInForm(AuthenticationForm):
    """Django's sign-in form, asking for an email or a username."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Email or username")
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})


class SignUpForm(forms.Form):
    """A reader's account: a name to show, an email to sign in with and reset by, a password.

    The email is unique whatever its case, and becomes the username when it
    fits and is free; otherwise a random username is made (nobody types it).
    """

    name = forms.CharField(
        label=_("Name"),
        validators=[validate_reader_text],
        max_length=150,
        help_text=_("Shown next to your comments."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("You sign in with it; we never show it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    error_messages = {
        "email_taken": _("An account with this email address already exists. Sign in, or reset your password."),
        "password_mismatch": _("The two passwords are not the same."),
    }

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter your name."), code="required")
        return name

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"].strip())
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(self.error_messages["email_taken"], code="email_taken")
        return email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", forms.ValidationError(self.error_messages["password_mismatch"]))
        elif password1:
            try:
                password_validation.validate_password(password1, self.unsaved_user())
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def unsaved_user(self):
        email = self.cleaned_data.get("email", "")
        return User(
            username=self.username_for(email),
            email=email,
            first_name=self.cleaned_data.get("name", ""),
        )

    @staticmethod
    def username_for(email):
        candidate = email.lower()
        max_length = User._meta.get_field(User.USERNAME_FIELD).max_length
        if candidate and len(candidate) <= max_length and not User.objects.filter(username__iexact=candidate).exists():
            return candidate
        return f"reader-{secrets.token_hex(8)}"

    def save(self):
        user = self.unsaved_user()
        user.set_password(self.cleaned_data["password1"])
        user.save()
        return user
