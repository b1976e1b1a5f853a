"""Drop indexes no query uses, which the national RPPS import had to rebuild (issue 4, speed).

- `directory_pro_profession_trgm`: professions are matched in Python against the vocabulary.
The field changes below drop the btree/LIKE indexes of `Professional.profession` and
`Activity.postal_code`, and `Activity.commune_id`'s own (the (commune, is_active) index serves).
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS directory_pro_profession_trgm")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS directory_pro_profession_trgm "
            "ON directory_professional USING gin (profession gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_trigram_search")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
