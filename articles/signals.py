from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .chrome import invalidate_site_chrome
from .models import Article, Author, Category, Topic
from .page_cache import bump_generation


@receiver([post_save, post_delete], sender=Article)
@receiver([post_save, post_delete], sender=Author)
@receiver([post_save, post_delete], sender=Category)
@receiver([post_save, post_delete], sender=Topic)
def content_changed(sender, **kwargs):
    invalidate_site_chrome()
    bump_generation()
