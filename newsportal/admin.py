from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("BBN – Big Big News newsroom")
admin.site.site_title = _("BBN newsroom")
admin.site.index_title = _("Newsroom")
# The article list has many columns; the page's width serves it better than a second menu.
admin.site.enable_nav_sidebar = False
