from django.db import migrations, models
from django.db.models import OuterRef, Subquery


# The search vector reads a byline's author, not its copy of the publication time: the trigger
# that asks for the vector again fires only when the byline's article or author changes.
def trigger_on(columns):
    def recreate(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("DROP TRIGGER IF EXISTS articles_byline_changed ON articles_byline")
        schema_editor.execute(
            f"""
            CREATE TRIGGER articles_byline_changed
            AFTER INSERT OR DELETE OR UPDATE{columns} ON articles_byline
            FOR EACH ROW EXECUTE FUNCTION articles_byline_changed()
            """
        )

    return recreate


def copy_publication_times(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Byline = apps.get_model("articles", "Byline")
    Byline.objects.update(
        article_published_at=Subquery(Article.objects.filter(pk=OuterRef("article_id")).values("published_at"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_sitemap_index"),
    ]

    operations = [
        migrations.RunPython(trigger_on(" OF article_id, author_id"), trigger_on(""), elidable=False),
        migrations.AddField(
            model_name="byline",
            name="article_published_at",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.RunPython(copy_publication_times, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="byline",
            name="article_published_at",
            field=models.DateTimeField(editable=False),
        ),
        migrations.RemoveIndex(
            model_name="byline",
            name="byline_author_articles",
        ),
        migrations.AddIndex(
            model_name="byline",
            index=models.Index(fields=["author", "-article_published_at", "-article"], name="byline_author_recent"),
        ),
    ]
