"""The site's URLs plus views that only the outage tests use."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from articles.models import Topic
from newsportal.outage import keeps_form_on_outage
from newsportal.urls import handler400, handler404, handler500  # noqa: F401
from newsportal.urls import urlpatterns as site_urlpatterns


@require_POST
@keeps_form_on_outage(
    fields=[("name", "Name", False), ("comment", "Comment", True)],
    hidden=["article", "token"],
)
def post_note(request):
    Topic.objects.create(name=request.POST["comment"][:100], slug="saved-note")
    return HttpResponse("saved", status=201)


def broken(request):
    raise RuntimeError("a bug, not an outage")


urlpatterns = [
    path("test-only/post-note/", post_note),
    path("test-only/broken/", broken),
    *site_urlpatterns,
]
