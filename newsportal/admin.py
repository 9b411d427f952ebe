from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("BBN – Big Big News newsroom")
admin.site.site_title = _("BBN newsroom")
admin.site.index_title = _("Newsroom")
# The article list has many columns; the page's width serves it better than a second menu.
admin.site.enable_nav_sidebar = False


def view_on_site(request, content_type_id, object_id):
    """The admin's "View on site" shortcut, for objects the signed-in user may see in the admin.

    Django's own shortcut redirects any staff member to any object's address,
    which gave away the addresses of other authors' drafts and scheduled
    articles. Here an object its model admin hides (not registered, outside
    the user's list, no view permission) does not exist: 404.
    """
    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
    except (ContentType.DoesNotExist, ValueError):
        raise Http404 from None
    model_admin = admin.site._registry.get(model)
    if model_admin is None:
        raise Http404
    obj = model_admin.get_object(request, object_id)
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)
