"""`manage.py setup_db_roles [--role maillage_app] [--database ALIAS]` (PostgreSQL).

Run it as the role that owns the schema (the one `migrate` uses), after every `migrate`. It
creates or updates the application role the web and worker processes connect with:

- it owns nothing (so it can neither drop the triggers nor change the tables);
- it reads and writes the application tables, but on the append-only tables (the audit trail)
  it holds SELECT and INSERT only: no UPDATE, DELETE or TRUNCATE;
- it is not a member of the audit purge role (retention uses a separate role).

The password comes from DATABASE_APP_PASSWORD (or DATABASE_APP_PASSWORD_FILE); without it the
role is created NOLOGIN and the command says how to give it one.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from config.env import env

# Tables the application may only read and append to. Apps holding another append-only table
# add it here (and protect it with triggers like audit's migration 0002).
APPEND_ONLY_TABLES = ["audit_auditevent"]
AUDIT_PURGE_ROLE = "maillage_audit_purger"


def owned_objects(cursor, role: str) -> int:
    """How many relations, functions and schemas `role` owns in this database."""
    cursor.execute(
        """
        SELECT (SELECT count(*) FROM pg_class WHERE relowner = r.oid)
             + (SELECT count(*) FROM pg_proc WHERE proowner = r.oid)
             + (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid)
        FROM pg_roles r WHERE r.rolname = %s
        """,
        [role],
    )
    row = cursor.fetchone()
    return int(row[0]) if row else 0


class Command(BaseCommand):
    help = (
        "PostgreSQL : crée ou met à jour le rôle applicatif (propriétaire de rien, sans "
        "UPDATE, DELETE ni TRUNCATE sur le journal d'audit)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", default=None, help="Nom du rôle (DATABASE_APP_ROLE).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, role: str | None, database: str, **options):
        connection = connections[database]
        if connection.vendor != "postgresql":
            self.stdout.write("Rien à faire : les rôles ne concernent que PostgreSQL.")
            return
        role = role or settings.DATABASE_APP_ROLE
        quote = connection.ops.quote_name
        role_q = quote(role)
        password = env("DATABASE_APP_PASSWORD")
        with transaction.atomic(using=database), connection.cursor() as cursor:
            cursor.execute("SELECT current_user, current_database()")
            owner, dbname = cursor.fetchone()
            if owner == role:
                raise CommandError(
                    "Lancez cette commande avec le rôle propriétaire du schéma, "
                    f"pas avec « {role} »."
                )
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            exists = cursor.fetchone() is not None
            attributes = "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT"
            verb = "ALTER" if exists else "CREATE"
            if password:
                cursor.execute(f"{verb} ROLE {role_q} LOGIN {attributes} PASSWORD %s", [password])
            else:
                cursor.execute(f"{verb} ROLE {role_q} {'' if exists else 'NOLOGIN'} {attributes}")
            if owned_objects(cursor, role):
                raise CommandError(
                    f"Le rôle « {role} » possède des objets de la base : réattribuez-les au "
                    f"propriétaire (REASSIGN OWNED BY {role_q} TO {quote(owner)}), puis relancez."
                )
            statements = [
                f"GRANT CONNECT ON DATABASE {quote(dbname)} TO {role_q}",
                f"GRANT USAGE ON SCHEMA public TO {role_q}",
                f"REVOKE CREATE ON SCHEMA public FROM {role_q}",
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role_q}",
                f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public "
                f"FROM {role_q}",
                f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role_q}",
                # Tables created by later migrations (run by the owner) are reachable too.
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA public "
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role_q}",
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA public "
                f"GRANT USAGE, SELECT ON SEQUENCES TO {role_q}",
            ]
            statements += [
                f"REVOKE UPDATE, DELETE, TRUNCATE ON {quote(table)} FROM {role_q}"
                for table in APPEND_ONLY_TABLES
            ]
            for statement in statements:
                cursor.execute(statement)
            cursor.execute(
                "SELECT pg_has_role(%s, %s, 'MEMBER') FROM pg_roles WHERE rolname = %s",
                [role, AUDIT_PURGE_ROLE, AUDIT_PURGE_ROLE],
            )
            row = cursor.fetchone()
            if row and row[0]:
                cursor.execute(f"REVOKE {quote(AUDIT_PURGE_ROLE)} FROM {role_q}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Rôle applicatif « {role} » prêt : lecture et ajout seulement sur "
                f"{', '.join(APPEND_ONLY_TABLES)}, propriétaire de rien."
            )
        )
        if not password and not exists:
            self.stdout.write(
                "Il ne peut pas encore se connecter : définissez DATABASE_APP_PASSWORD et "
                "relancez la commande, puis mettez ce rôle dans DATABASE_URL de l'application."
            )
