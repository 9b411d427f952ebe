"""Permanent redirects from the old WordPress site's addresses (importers.models.OldAddress).

Nothing is looked up for a page that is not a redirect:
- `/?p=<id>`, `/?page_id=<id>`, `/?attachment_id=<id>` are looked up only at
  `/` with one of those parameters; this runs above the page cache, which
  would otherwise drop the parameter and answer with the home page;
- every other old address (`/2013/01/10/slug/`, `/post/attachment/`) is
  looked up only when the site has answered 404 for it.
"""

from django.http import HttpResponsePermanentRedirect

from .models import OldAddress
from .text import is_number
from .wordpress_addresses import QUERY_FORMS, query_address


def redirect_for(address):
    row = OldAddress.objects.filter(address=address).select_related("article", "page", "media").first()
    target = row.target_url() if row is not None else None
    return HttpResponsePermanentRedirect(target) if target else None


class OldAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if request.path_info == "/" and request.META.get("QUERY_STRING"):
            for name in QUERY_FORMS:
                value = request.GET.get(name, "")
                if is_number(value):
                    redirect = redirect_for(query_address(name, value))
                    if redirect is not None:
                        return redirect
        response = self.get_response(request)
        if response.status_code == 404 and len(request.path_info) <= 500:
            return redirect_for(request.path_info) or response
        return response
