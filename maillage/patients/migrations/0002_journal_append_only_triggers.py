"""The database itself keeps the coordination journal append-only.

UPDATE is refused on every column but `patient_id`, which only an identity merge (or its undo)
changes; on PostgreSQL that move also needs the transaction to declare itself a merge
(`SET LOCAL maillage.patient_merge = 'on'`, see maillage.patients.services.merge). DELETE is
refused unless the transaction declares itself the retention purge
(`SET LOCAL maillage.patient_purge = 'on'`); TRUNCATE is always refused. On SQLite (development)
the column list does the work: UPDATE of any other column and DELETE are refused.
"""

from django.db import migrations

# Every column except patient_id. A test checks this list against the model's fields.
PROTECTED_COLUMNS = [
    "id",
    "public_id",
    "created_at",
    "updated_at",
    "network_id",
    "kind",
    "occurred_at",
    "author_id",
    "participants",
    "duration_minutes",
    "confidentiality",
    "rupture_tag",
    "title",
    "body",
    "corrects_id",
    "source",
    "source_uuid",
]

SQLITE = [
    f"""CREATE TRIGGER IF NOT EXISTS patients_journalentry_no_update
       BEFORE UPDATE OF {", ".join(PROTECTED_COLUMNS)} ON patients_journalentry
       BEGIN SELECT RAISE(ABORT, 'journal entries are append-only'); END;""",
    """CREATE TRIGGER IF NOT EXISTS patients_journalentry_no_delete
       BEFORE DELETE ON patients_journalentry
       BEGIN SELECT RAISE(ABORT, 'journal entries are append-only'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS patients_journalentry_no_update;",
    "DROP TRIGGER IF EXISTS patients_journalentry_no_delete;",
]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION patients_journalentry_refuse() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'DELETE' THEN
           IF current_setting('maillage.patient_purge', true) = 'on' THEN
             RETURN OLD;
           END IF;
         ELSIF TG_OP = 'UPDATE' THEN
           IF (to_jsonb(NEW) - 'patient_id') = (to_jsonb(OLD) - 'patient_id')
              AND current_setting('maillage.patient_merge', true) = 'on' THEN
             RETURN NEW;
           END IF;
         END IF;
         RAISE EXCEPTION 'journal entries are append-only';
       END;
       $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER patients_journalentry_no_change BEFORE UPDATE OR DELETE
       ON patients_journalentry FOR EACH ROW EXECUTE FUNCTION patients_journalentry_refuse();""",
    """CREATE TRIGGER patients_journalentry_no_truncate BEFORE TRUNCATE ON patients_journalentry
       FOR EACH STATEMENT EXECUTE FUNCTION patients_journalentry_refuse();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS patients_journalentry_no_change ON patients_journalentry;",
    "DROP TRIGGER IF EXISTS patients_journalentry_no_truncate ON patients_journalentry;",
    "DROP FUNCTION IF EXISTS patients_journalentry_refuse();",
]


def _run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("patients", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
