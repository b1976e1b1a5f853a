"""A validated or superseded PPS version cannot change in the database either: only its
validated → superseded step, and its actions' status (the care team marks them done)."""

from django.db import migrations

FROZEN = "('validated', 'superseded')"
VERSION_FIELDS = [
    "review_due", "preferences", "ald", "header", "gp_agreed_at", "patient_agreement",
    "patient_refused", "advance_directives", "advance_directives_where", "benefits", "gir",
    "housing", "protection", "participants", "meeting_date", "meeting_kind", "number", "pps_id",
]
ACTION_FIELDS = [
    "what", "kind", "member_id", "professional_id", "frequency", "start_on", "end_on",
    "success_criteria", "goal_id",
]
VERSION_OF = {
    "careplans_planproblem": "{row}.version_id",
    "careplans_alertprocedure": "{row}.version_id",
    "careplans_plangoal": (
        "(SELECT p.version_id FROM careplans_planproblem p WHERE p.id = {row}.problem_id)"
    ),
    "careplans_planaction": (
        "(SELECT p.version_id FROM careplans_plangoal g JOIN careplans_planproblem p"
        " ON p.id = g.problem_id WHERE g.id = {row}.goal_id)"
    ),
}


def _frozen(expr: str) -> str:
    return f"(SELECT status FROM careplans_ppsversion WHERE id = {expr}) IN {FROZEN}"


def _sqlite() -> list[str]:
    msg = "'validated PPS versions are immutable'"
    changed = " OR ".join(f"NEW.{f} IS NOT OLD.{f}" for f in VERSION_FIELDS)
    sql = [
        f"""CREATE TRIGGER careplans_version_frozen_upd BEFORE UPDATE ON careplans_ppsversion
        WHEN OLD.status IN {FROZEN} AND (NEW.status NOT IN {FROZEN} OR {changed})
        BEGIN SELECT RAISE(ABORT, {msg}); END;""",
        f"""CREATE TRIGGER careplans_version_frozen_del BEFORE DELETE ON careplans_ppsversion
        WHEN OLD.status IN {FROZEN} BEGIN SELECT RAISE(ABORT, {msg}); END;""",
    ]
    for table, expr in VERSION_OF.items():
        short = table.split("_")[1]
        sql.append(
            f"""CREATE TRIGGER careplans_{short}_frozen_ins BEFORE INSERT ON {table}
            WHEN {_frozen(expr.format(row="NEW"))} BEGIN SELECT RAISE(ABORT, {msg}); END;"""
        )
        sql.append(
            f"""CREATE TRIGGER careplans_{short}_frozen_del BEFORE DELETE ON {table}
            WHEN {_frozen(expr.format(row="OLD"))} BEGIN SELECT RAISE(ABORT, {msg}); END;"""
        )
        if table == "careplans_planaction":
            cond = " OR ".join(f"NEW.{f} IS NOT OLD.{f}" for f in ACTION_FIELDS)
        else:
            cond = "1"
        sql.append(
            f"""CREATE TRIGGER careplans_{short}_frozen_upd BEFORE UPDATE ON {table}
            WHEN {_frozen(expr.format(row="OLD"))} AND ({cond})
            BEGIN SELECT RAISE(ABORT, {msg}); END;"""
        )
    return sql


def _postgres() -> list[str]:
    changed = " OR ".join(f"NEW.{f} IS DISTINCT FROM OLD.{f}" for f in VERSION_FIELDS)
    sql = [
        f"""CREATE OR REPLACE FUNCTION careplans_version_frozen() RETURNS trigger AS $$
        BEGIN
          IF OLD.status IN {FROZEN} AND (TG_OP = 'DELETE' OR NEW.status NOT IN {FROZEN}
             OR {changed}) THEN
            RAISE EXCEPTION 'validated PPS versions are immutable';
          END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          RETURN NEW;
        END $$ LANGUAGE plpgsql;""",
        """CREATE TRIGGER careplans_version_frozen BEFORE UPDATE OR DELETE ON careplans_ppsversion
        FOR EACH ROW EXECUTE FUNCTION careplans_version_frozen();""",
    ]
    action_changed = " OR ".join(f"NEW.{f} IS DISTINCT FROM OLD.{f}" for f in ACTION_FIELDS)
    for table, expr in VERSION_OF.items():
        short = table.split("_")[1]
        upd_cond = action_changed if table == "careplans_planaction" else "TRUE"
        sql.append(
            f"""CREATE OR REPLACE FUNCTION careplans_{short}_frozen() RETURNS trigger AS $$
            BEGIN
              IF TG_OP IN ('UPDATE', 'DELETE') AND {_frozen(expr.format(row="OLD"))}
                 AND (TG_OP = 'DELETE' OR {upd_cond}) THEN
                RAISE EXCEPTION 'validated PPS versions are immutable';
              END IF;
              IF TG_OP = 'INSERT' AND {_frozen(expr.format(row="NEW"))} THEN
                RAISE EXCEPTION 'validated PPS versions are immutable';
              END IF;
              IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
              RETURN NEW;
            END $$ LANGUAGE plpgsql;"""
        )
        sql.append(
            f"""CREATE TRIGGER careplans_{short}_frozen BEFORE INSERT OR UPDATE OR DELETE
            ON {table} FOR EACH ROW EXECUTE FUNCTION careplans_{short}_frozen();"""
        )
    return sql


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = _postgres() if vendor == "postgresql" else _sqlite() if vendor == "sqlite" else []
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    names = ["version"] + [t.split("_")[1] for t in VERSION_OF]
    for short in names:
        if vendor == "postgresql":
            table = "careplans_ppsversion" if short == "version" else f"careplans_{short}"
            schema_editor.execute(f"DROP TRIGGER IF EXISTS careplans_{short}_frozen ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS careplans_{short}_frozen()")
        elif vendor == "sqlite":
            for suffix in ("upd", "del", "ins"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS careplans_{short}_frozen_{suffix}")


class Migration(migrations.Migration):
    dependencies = [("careplans", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
