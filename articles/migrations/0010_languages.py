"""Articles in several languages (docs/languages.md).

Every existing article is English and its own translation group. A UUID
default would give every existing row the same key, so the column is added
empty, filled with one statement per database (no row-by-row loop over a
large archive), then made required.
"""

import articles.models
import django.db.models.deletion
import uuid
from django.db import migrations, models


def fill_translation_keys(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("UPDATE articles_article SET translation_key = gen_random_uuid()")
    elif schema_editor.connection.vendor == "sqlite":
        # Django keeps a UUID on SQLite as 32 hex digits.
        schema_editor.execute("UPDATE articles_article SET translation_key = lower(hex(randomblob(16)))")
    else:
        Article = apps.get_model("articles", "Article")
        for pk in Article.objects.values_list("pk", flat=True).iterator():
            Article.objects.filter(pk=pk).update(translation_key=uuid.uuid4())


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0009_live_coverage'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='language',
            field=models.CharField(choices=articles.models.language_choices, default=articles.models.default_language, max_length=8, verbose_name='language'),
        ),
        migrations.AddField(
            model_name='article',
            name='source_changed',
            field=models.BooleanField(default=False, editable=False, help_text='The article this one was translated from has changed since it was translated or reviewed.', verbose_name='source changed'),
        ),
        migrations.AddField(
            model_name='article',
            name='source_snapshot',
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name='source when translated'),
        ),
        migrations.AddField(
            model_name='article',
            name='translation_key',
            field=models.UUIDField(null=True, editable=False, verbose_name='translation group'),
        ),
        migrations.RunPython(fill_translation_keys, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name='article',
            name='translation_key',
            field=models.UUIDField(default=uuid.uuid4, editable=False, verbose_name='translation group'),
        ),
        migrations.AddField(
            model_name='article',
            name='translation_source',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='translations_made', to='articles.article', verbose_name='translated from'),
        ),
        migrations.AlterField(
            model_name='article',
            name='slug',
            field=models.SlugField(allow_unicode=True, help_text='Unique among the articles in the same language.', max_length=250, verbose_name='slug'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(condition=models.Q(('status', 'published')), fields=['language', '-published_at', '-id'], name='article_language_recent'),
        ),
        migrations.AddConstraint(
            model_name='article',
            constraint=models.UniqueConstraint(fields=('language', 'slug'), name='article_slug_per_language'),
        ),
        migrations.AddConstraint(
            model_name='article',
            constraint=models.UniqueConstraint(fields=('translation_key', 'language'), name='article_one_per_language'),
        ),
    ]
