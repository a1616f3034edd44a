"""PostgreSQL: a GIN index on (title || body) of Wagtail's search index table.

The database backend matches ``title || body`` against the query (modelsearch's
PostgresSearchQueryCompiler); modelsearch's comment says a computed GIN index covers that
expression, but neither modelsearch's nor wagtail.search's migrations create it (Wagtail 8.0.1,
modelsearch 1.3.2), so every query read the whole table. A no-op on other databases."""

from django.db import migrations

INDEX = "lawbridge_search_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING GIN ((title || body))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create, drop)]
