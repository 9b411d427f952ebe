"""The comment form writes its fields in Python; they must match Django's own widgets."""

import pytest

from comments.forms import CommentForm
from comments.tests.factories import make_article

TYPED = {
    "comment": 'Line one <script>alert("x")</script>\n& line two\'s end\n',
    "name": '"><img src=x onerror=alert(1)>',
    "email": "not an email & <b>",
    "website": "javascript:alert(1)",
    "remember": "on",
    "parent": "1\" onfocus='x'",
    "token": "<token>",
    "subject": "filled by a bot",
}


def with_stock_widgets(form):
    """The same form with each field drawn by the Django widget ours stands in for."""
    for field in form.fields.values():
        ours = field.widget
        stock_class = next(cls for cls in type(ours).__mro__ if cls.__module__ == "django.forms.widgets")
        assert stock_class.render is not type(ours).render
        field.widget = stock_class(attrs=ours.attrs)
        field.widget.is_required = ours.is_required
    return form


@pytest.mark.parametrize(
    "data", [None, TYPED, {**TYPED, "remember": "", "comment": ""}], ids=["empty", "typed", "cleared"]
)
def test_each_field_is_the_same_html_as_django_writes(db, data):
    article = make_article(slug="form-article")
    ours = CommentForm(data, article=article)
    django = with_stock_widgets(CommentForm(data, article=article))
    if data is not None:
        assert not ours.is_valid() and not django.is_valid()

    for name in ours.fields:
        assert str(ours[name]) == str(django[name]), name
    assert "<script>" not in str(ours["comment"]) and "<img" not in str(ours["name"])
