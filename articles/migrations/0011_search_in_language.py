"""Each article's search vector is built with its own language's text-search configuration.

Spanish, French and English get PostgreSQL's stemmers for them (so
"elecciones" finds "elección"); Arabic, which PostgreSQL does not stem, and
any other language get `simple` (lower-cased words, no stop words). The
function of migration 0004 is replaced in place, the trigger also fires when
an article's language changes, and the rows that are not English are
recomputed (every row that existed before migration 0010 is English).
`articles.search.SEARCH_CONFIGS` is the same mapping on the query side.
"""

from django.db import migrations

REGCONFIG = """
    CASE NEW.language WHEN 'en' THEN 'english' WHEN 'es' THEN 'spanish' WHEN 'fr' THEN 'french'
    ELSE 'simple' END::regconfig
"""

VECTOR_FUNCTION = """
CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    config regconfig := {config};
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector(config, coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector(config, coalesce(NEW.excerpt, '')), 'B')
        || setweight(to_tsvector(config, coalesce((
            SELECT string_agg(topic.name, ' ')
            FROM articles_topic AS topic
            WHERE topic.id = NEW.topic_id
               OR topic.id IN (SELECT tag.topic_id FROM articles_article_tags AS tag WHERE tag.article_id = NEW.id)
        ), '')), 'B')
        || setweight(to_tsvector(config, coalesce((
            SELECT author.name FROM articles_author AS author WHERE author.id = NEW.author_id
        ), '')), 'C')
        || setweight(to_tsvector(config, coalesce(NEW.body, '')), 'D');
    NEW.search_published_on := (NEW.published_at AT TIME ZONE 'UTC')::date;
    RETURN NEW;
END
$$
"""

TRIGGER = """
CREATE TRIGGER articles_article_search_vector
BEFORE INSERT OR UPDATE OF title, excerpt, body, author_id, topic_id, published_at, search_vector{more}
ON articles_article
FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector()
"""

FORWARD = [
    VECTOR_FUNCTION.format(config=REGCONFIG),
    "DROP TRIGGER articles_article_search_vector ON articles_article",
    TRIGGER.format(more=", language"),
    "UPDATE articles_article SET search_vector = NULL WHERE language <> 'en'",
]

BACKWARD = [
    VECTOR_FUNCTION.format(config="'english'::regconfig"),
    "DROP TRIGGER articles_article_search_vector ON articles_article",
    TRIGGER.format(more=""),
    "UPDATE articles_article SET search_vector = NULL WHERE language <> 'en'",
]


def run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_languages"),
    ]

    operations = [
        migrations.RunPython(run_on_postgresql(FORWARD), run_on_postgresql(BACKWARD), elidable=False),
    ]
