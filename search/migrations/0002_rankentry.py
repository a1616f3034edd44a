"""PostgreSQL: lawbridge_search_rank, the narrow copy (id, content type, object id and
title || body) of Wagtail's search index that the backend ranks in (see search/models.py), kept
in step by triggers and filled from the index. A no-op on other databases (the model is
unmanaged)."""

import django.contrib.postgres.search
from django.db import migrations, models

TABLE = "lawbridge_search_rank"

CREATE = f"""
CREATE TABLE {TABLE} (
    id integer PRIMARY KEY,
    content_type_id integer NOT NULL,
    object_id varchar(50) NOT NULL,
    vector tsvector NOT NULL
);
-- Keep the vector in the row (TOAST only as a last resort): ranking reads it for every match.
ALTER TABLE {TABLE} ALTER COLUMN vector SET STORAGE MAIN;
CREATE INDEX {TABLE}_vector_gin ON {TABLE} USING GIN (vector);
CREATE INDEX {TABLE}_content_type ON {TABLE} (content_type_id);

CREATE FUNCTION {TABLE}_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM {TABLE} WHERE id = OLD.id;
        RETURN OLD;
    END IF;
    INSERT INTO {TABLE} (id, content_type_id, object_id, vector)
    VALUES (NEW.id, NEW.content_type_id, NEW.object_id, NEW.title || NEW.body)
    ON CONFLICT (id) DO UPDATE SET content_type_id = EXCLUDED.content_type_id,
        object_id = EXCLUDED.object_id, vector = EXCLUDED.vector;
    RETURN NEW;
END $$;

CREATE FUNCTION {TABLE}_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE {TABLE};
    RETURN NULL;
END $$;
"""

DROP = f"""
DROP TABLE IF EXISTS {TABLE};
DROP FUNCTION IF EXISTS {TABLE}_sync() CASCADE;
DROP FUNCTION IF EXISTS {TABLE}_truncate() CASCADE;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    index = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    schema_editor.execute(CREATE)
    # Only the columns copied: Wagtail rewrites title_norm of every row after each indexing.
    schema_editor.execute(
        f"CREATE TRIGGER {TABLE}_sync AFTER INSERT OR DELETE "
        f"OR UPDATE OF content_type_id, object_id, title, body ON {index} "
        f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_sync()"
    )
    schema_editor.execute(
        f"CREATE TRIGGER {TABLE}_truncate AFTER TRUNCATE ON {index} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_truncate()"
    )
    schema_editor.execute(
        f"INSERT INTO {TABLE} (id, content_type_id, object_id, vector) "
        f"SELECT id, content_type_id, object_id, title || body FROM {index}"
    )
    schema_editor.execute(f"ANALYZE {TABLE}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_indexentry_title_body_gin"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [
        migrations.CreateModel(
            name="RankEntry",
            fields=[
                ("id", models.IntegerField(primary_key=True, serialize=False)),
                ("content_type_id", models.IntegerField()),
                ("object_id", models.CharField(max_length=50)),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
            ],
            options={"db_table": "lawbridge_search_rank", "managed": False},
        ),
        migrations.RunPython(create, drop),
    ]
