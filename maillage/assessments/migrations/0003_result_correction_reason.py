"""A correction of a signed result carries its reason (required by a check constraint).

The new column is protected like the others: the SQLite trigger lists columns, so it is
recreated here with `correction_reason` (adding the constraint remakes the SQLite table, which
drops its triggers anyway). The PostgreSQL trigger compares whole rows and needs no change.
"""

from django.db import migrations, models

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
    "correction_reason",
]

SQLITE_DROP = ["DROP TRIGGER IF EXISTS assessments_instrumentresult_signed_no_update;"]


def _sqlite_create(columns):
    return [
        f"""CREATE TRIGGER IF NOT EXISTS assessments_instrumentresult_signed_no_update
           BEFORE UPDATE OF {", ".join(columns)} ON assessments_instrumentresult
           WHEN OLD.status = 'signed'
           BEGIN SELECT RAISE(ABORT, 'signed instrument results are immutable'); END;""",
    ]


SQLITE = SQLITE_DROP + _sqlite_create(PROTECTED_COLUMNS)
SQLITE_REVERSE = SQLITE_DROP + _sqlite_create(PROTECTED_COLUMNS[:-1])


def _run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_signed_results_immutable")]

    operations = [
        migrations.AddField(
            model_name="instrumentresult",
            name="correction_reason",
            field=models.TextField(blank=True, verbose_name="motif de la correction"),
        ),
        migrations.AddConstraint(
            model_name="instrumentresult",
            constraint=models.CheckConstraint(
                condition=models.Q(corrects__isnull=True) | ~models.Q(correction_reason=""),
                name="assessments_result_correction_has_reason",
            ),
        ),
        migrations.RunPython(_run(SQLITE), _run(SQLITE_REVERSE)),
    ]
