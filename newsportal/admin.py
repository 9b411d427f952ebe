from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("BBN – Big Big News newsroom")
admin.site.site_title = _("BBN newsroom")
admin.site.index_title = _("Newsroom")
