"""Typo-tolerant search on PostgreSQL: pg_trgm and trigram GIN indexes on the normalised names.

On SQLite this migration does nothing (search falls back to token prefixes, see selectors).
"""

from django.db import migrations

INDEXES = [
    ("directory_professional", "search_name", "directory_pro_search_trgm"),
    ("directory_organisation", "search_name", "directory_org_search_trgm"),
    ("directory_resource", "search_name", "directory_res_search_trgm"),
    ("directory_specialty", "search_name", "directory_spe_search_trgm"),
    ("directory_professional", "profession", "directory_pro_profession_trgm"),
    ("core_commune", "search_name", "core_commune_search_trgm"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column, name in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, _column, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
