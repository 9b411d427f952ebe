from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from newsportal import freshness
from newsportal.page_cache import public_page, site_origin

from .models import Page


def render_page(request, path):
    """The published page at `/<path>/`, or Http404."""
    page = Page.objects.published().select_related("parent").filter(path=path).first()
    if page is None:
        raise Http404(_("No page at this address."))
    freshness.shows(request, page)
    ancestors, parent = [], page.parent
    while parent is not None:
        ancestors.insert(0, parent)
        parent = parent.parent
    context = {
        "page": page,
        "ancestors": ancestors,
        "canonical_url": f"{site_origin(request)}{page.get_absolute_url()}",
    }
    return render(request, "pages/page_detail.html", context)


@public_page
def page_detail(request, path):
    return render_page(request, path)
