"""The audit purge role may read and delete audit events (and nothing else).

`maillage_audit_purger` is created NOLOGIN by audit 0002; the trigger there accepts a DELETE from
a member of that role only when the transaction set `maillage.audit_purge = 'on'`
(maillage/retention/audit_purge.py). The login role of the retention job is granted the role in
production (docs/development.md); the web application's role never is.
"""

from django.db import migrations

GRANT = "GRANT SELECT, DELETE ON audit_auditevent TO maillage_audit_purger;"
REVOKE = "REVOKE SELECT, DELETE ON audit_auditevent FROM maillage_audit_purger;"


def _run(statement):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0001_initial"),
        ("audit", "0002_append_only_triggers"),
    ]

    operations = [migrations.RunPython(_run(GRANT), _run(REVOKE))]
