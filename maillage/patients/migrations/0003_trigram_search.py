"""Name search at regional scale on PostgreSQL: trigram GIN indexes on the normalised names
(`contains` on 200,000 records stays fast). pg_trgm is created by the directory's migration.

On SQLite this migration does nothing.
"""

from django.db import migrations

INDEXES = [
    ("search_birth_name", "patients_birth_name_trgm"),
    ("search_used_name", "patients_used_name_trgm"),
    ("search_first_names", "patients_first_names_trgm"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column, name in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON patients_patient "
            f"USING gin ({column} gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _column, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("patients", "0002_journal_append_only_triggers"),
        ("directory", "0002_trigram_search"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
