"""Full-text search on PostgreSQL: a stored search vector kept in sync by the database itself.

Why triggers, and why the columns are not model fields:

- The vector mixes the article's own text with the names of its author and
  topics, which live in other tables. A `GENERATED ALWAYS AS (...) STORED`
  column may only read its own row, so it would need those names copied onto
  the article and kept in sync by Python code, which `bulk_create`,
  `QuerySet.update()` and raw SQL imports all bypass.
- A `BEFORE INSERT OR UPDATE` trigger sees every write path (admin, save(),
  bulk_create, update(), imports, psql). Renaming an author or a topic and
  tagging or untagging an article touch the affected articles, whose
  trigger then recomputes their vectors.
- The columns and their index exist only on PostgreSQL. SQLite has no
  tsvector, so this migration does nothing there, and the model does not
  declare the columns: Django never selects or writes them. Queries reach
  them through expressions in `articles/search.py`.

Weights: title A; excerpt, primary topic and tags B; author C; body D. The
body is sanitised HTML; PostgreSQL's text-search parser already skips tags
and entities, so the vector reads it as it is.

Why the index has two columns: a vector is a few kilobytes, stored out of
line (TOAST), so testing it row by row costs ~20 µs a row, which the
planner does not know. `search_published_on` is the publication day (UTC)
that only this GIN index (with btree_gin) holds, so that "matches among the
articles of the last days" is answered inside the index and PostgreSQL never
walks the date btree testing each row's vector (see `articles.search`). A
day rather than a time keeps the index's range scans short.
"""

from django.db import migrations

FORWARD = [
    # A trusted extension since PostgreSQL 13: the database owner may create it.
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "ALTER TABLE articles_article ADD COLUMN search_vector tsvector",
    "ALTER TABLE articles_article ADD COLUMN search_published_on date",
    """
    CREATE FUNCTION articles_article_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('english'::regconfig, coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('english'::regconfig, coalesce(NEW.excerpt, '')), 'B')
            || setweight(to_tsvector('english'::regconfig, coalesce((
                SELECT string_agg(topic.name, ' ')
                FROM articles_topic AS topic
                WHERE topic.id = NEW.topic_id
                   OR topic.id IN (SELECT tag.topic_id FROM articles_article_tags AS tag WHERE tag.article_id = NEW.id)
            ), '')), 'B')
            || setweight(to_tsvector('english'::regconfig, coalesce((
                SELECT author.name FROM articles_author AS author WHERE author.id = NEW.author_id
            ), '')), 'C')
            || setweight(to_tsvector('english'::regconfig, coalesce(NEW.body, '')), 'D');
        NEW.search_published_on := (NEW.published_at AT TIME ZONE 'UTC')::date;
        RETURN NEW;
    END
    $$
    """,
    # Only writes that change what the vector is made of recompute it; a
    # comment count going up does not. `SET search_vector = NULL` is how the
    # triggers below ask for a recomputation.
    """
    CREATE TRIGGER articles_article_search_vector
    BEFORE INSERT OR UPDATE OF title, excerpt, body, author_id, topic_id, published_at, search_vector
    ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector()
    """,
    """
    CREATE FUNCTION articles_author_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE articles_article SET search_vector = NULL WHERE author_id = NEW.id;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER articles_author_renamed
    AFTER UPDATE OF name ON articles_author
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION articles_author_renamed()
    """,
    """
    CREATE FUNCTION articles_topic_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE articles_article SET search_vector = NULL
        WHERE topic_id = NEW.id
           OR id IN (SELECT tag.article_id FROM articles_article_tags AS tag WHERE tag.topic_id = NEW.id);
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER articles_topic_renamed
    AFTER UPDATE OF name ON articles_topic
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION articles_topic_renamed()
    """,
    """
    CREATE FUNCTION articles_article_tags_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            UPDATE articles_article SET search_vector = NULL WHERE id = OLD.article_id;
        ELSE
            UPDATE articles_article SET search_vector = NULL WHERE id = NEW.article_id;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER articles_article_tags_changed
    AFTER INSERT OR DELETE OR UPDATE ON articles_article_tags
    FOR EACH ROW EXECUTE FUNCTION articles_article_tags_changed()
    """,
    # Rows that exist already get their vector now (the trigger recomputes it).
    "UPDATE articles_article SET search_vector = NULL",
    "CREATE INDEX articles_article_search ON articles_article USING gin (search_published_on, search_vector)",
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS articles_article_tags_changed ON articles_article_tags",
    "DROP FUNCTION IF EXISTS articles_article_tags_changed()",
    "DROP TRIGGER IF EXISTS articles_topic_renamed ON articles_topic",
    "DROP FUNCTION IF EXISTS articles_topic_renamed()",
    "DROP TRIGGER IF EXISTS articles_author_renamed ON articles_author",
    "DROP FUNCTION IF EXISTS articles_author_renamed()",
    "DROP TRIGGER IF EXISTS articles_article_search_vector ON articles_article",
    "DROP FUNCTION IF EXISTS articles_article_search_vector()",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_published_on",
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
        ("articles", "0003_public_listing_indexes"),
    ]

    operations = [
        migrations.RunPython(run_on_postgresql(FORWARD), run_on_postgresql(BACKWARD), elidable=False),
    ]
