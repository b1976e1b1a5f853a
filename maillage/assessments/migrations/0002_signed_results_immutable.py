"""The database itself keeps a signed instrument result immutable.

UPDATE of a signed row is refused on every column but `patient_id`, which only an identity merge
(or its undo) moves; a correction is a new result (`corrects`). Drafts stay editable.
"""

from django.db import migrations

# Every column except patient_id. A test checks this list against the model's fields.
PROTECTED_COLUMNS = [
    "id",
    "public_id",
    "created_at",
    "updated_at",
    "network_id",
    "assessment_id",
    "instrument_code",
    "instrument_version",
    "answers",
    "is_complete",
    "score",
    "category",
    "label",
    "details",
    "status",
    "author_id",
    "signed_at",
    "signed_by_id",
    "corrects_id",
]

SQLITE = [
    f"""CREATE TRIGGER IF NOT EXISTS assessments_instrumentresult_signed_no_update
       BEFORE UPDATE OF {", ".join(PROTECTED_COLUMNS)} ON assessments_instrumentresult
       WHEN OLD.status = 'signed'
       BEGIN SELECT RAISE(ABORT, 'signed instrument results are immutable'); END;""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS assessments_instrumentresult_signed_no_update;"]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION assessments_instrumentresult_refuse() RETURNS trigger AS $$
       BEGIN
         IF OLD.status = 'signed'
            AND (to_jsonb(NEW) - 'patient_id') IS DISTINCT FROM (to_jsonb(OLD) - 'patient_id') THEN
           RAISE EXCEPTION 'signed instrument results are immutable';
         END IF;
         RETURN NEW;
       END;
       $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER assessments_instrumentresult_signed_no_update BEFORE UPDATE
       ON assessments_instrumentresult FOR EACH ROW
       EXECUTE FUNCTION assessments_instrumentresult_refuse();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS assessments_instrumentresult_signed_no_update "
    "ON assessments_instrumentresult;",
    "DROP FUNCTION IF EXISTS assessments_instrumentresult_refuse();",
]


def _run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
