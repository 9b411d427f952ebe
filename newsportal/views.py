"""Site-wide views: health checks and error pages."""

from django.http import HttpResponse, HttpResponseForbidden, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token


@never_cache
def healthz(request):
    """The process is up and answering; says nothing about its database."""
    return HttpResponse("ok", content_type="text/plain")


@requires_csrf_token
def page_not_found(request, exception=None):
    template = loader.get_template("404.html")
    return HttpResponseNotFound(template.render({"request_path": request.path}, request))


@requires_csrf_token
def server_error(request):
    """Rendered without context processors: whatever broke may be the database."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"is_error_page": True}))


def csrf_failure(request, reason=""):
    """A POST without a valid CSRF token (an expired page, blocked cookies).

    A comment form gets its page back with the reader's text kept (the
    comments app knows how); anything else gets a plain explanation.
    """
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name == "comments:post":
        from comments.views import csrf_failure as comment_csrf_failure

        response = comment_csrf_failure(request)
        if response is not None:
            return response
    template = loader.get_template("403_csrf.html")
    return HttpResponseForbidden(template.render({}, request))
