"""`/comments/<id>/edit/` and `/comments/<id>/delete/`: the author's own changes, as plain form pages.

A comment the reader may not see answers 404, as its permalink does. One they
may see but not change (not theirs, or the window has passed) answers 403
with a page saying why. The pages are never cached and carry Django's CSRF
token (they are the reader's own).
"""

from django import forms
from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from newsportal.text import validate_reader_text

from .editing import may_edit
from .forms import BODY_MAX_LENGTH, Textarea
from .models import Comment
from .services import DuplicateComment, comment_author_delete, comment_edit
from .thread import comment_url, reader_may_see, remember_own_comment
from .trust import browser_token
from .views import comments_are_open


class CommentEditForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        max_length=BODY_MAX_LENGTH,
        validators=[validate_reader_text],
        widget=Textarea(attrs={"rows": 8, "cols": 45}),
        error_messages={"required": gettext_lazy("Please type your comment.")},
    )


def _own_comment(request, pk):
    """The comment, when this reader may change it; else Http404 or a 403 page saying why."""
    comment = get_object_or_404(Comment.objects.select_related("article", "user"), pk=pk)
    if not reader_may_see(request, comment):
        raise Http404("No such comment.")
    if may_edit(request, comment) and comments_are_open(comment.article):
        return comment, None
    return comment, render(
        request,
        "comments/edit_refused.html",
        {
            "comment": comment,
            "article": comment.article,
            "thread_url": comment_url(comment.article, comment.pk, request),
            "edit_minutes": settings.COMMENTS_EDIT_MINUTES,
        },
        status=403,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def edit_comment(request, pk):
    comment, refused = _own_comment(request, pk)
    if refused is not None:
        return refused
    form = CommentEditForm(request.POST if request.method == "POST" else None, initial={"comment": comment.body})
    status = 200
    if form.is_bound and form.is_valid():
        try:
            comment = comment_edit(
                comment=comment, body=form.cleaned_data["comment"], browser_token=browser_token(request)
            )
        except DuplicateComment:
            form.add_error(None, _("You have already posted this comment."))
            status = 409
        else:
            held = comment.status == Comment.Status.PENDING
            location = comment_url(comment.article, comment.pk, request, extra_own_ids=[comment.pk] if held else ())
            response = HttpResponseRedirect(location, status=303)
            if held:
                remember_own_comment(request, response, comment)
            return response
    elif form.is_bound:
        status = 400
    context = {
        "comment": comment,
        "article": comment.article,
        "form": form,
        "edit_minutes": settings.COMMENTS_EDIT_MINUTES,
    }
    return render(request, "comments/edit.html", context, status=status)


@never_cache
@require_POST
def delete_comment(request, pk):
    comment, refused = _own_comment(request, pk)
    if refused is not None:
        return refused
    comment_author_delete(comment=comment)
    return HttpResponseRedirect(f"{comment.article.get_absolute_url()}#comments", status=303)
