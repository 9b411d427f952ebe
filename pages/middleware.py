from django.http import Http404
from django.utils.translation import get_language_from_path

from .views import page_detail


class PageFallbackMiddleware:
    """A top-level page (`/about/`) where no article answers.

    It sits below the page cache, so the page it answers is cached under its
    address like any other public page. Only a 404 on a GET or HEAD of a
    one-segment address costs anything here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        # `/about` without its slash is left to CommonMiddleware, which sends readers to `/about/`.
        if not request.path_info.endswith("/"):
            return response
        path = request.path_info.strip("/")
        # `/es/about/` is the page `about` with the chrome in Spanish.
        language = get_language_from_path(request.path_info)
        if language is not None:
            path = path.removeprefix(language).strip("/")
        if not path or "/" in path:
            return response
        try:
            return page_detail(request, path)
        except Http404:
            return response
