"""PostgreSQL: `audit_append(...)` appends one event in a single statement (one round trip
instead of five: BEGIN, the chain lock, the head's hash, the INSERT, COMMIT), with the same
chain rule as before: under the advisory lock, the last event's hash (or the genesis hash) is
the new event's `prev_hash`, and its `hash` is the SHA-256 of the canonical text the
application computed around it (`models.event_hash_parts`), exactly what `compute_event_hash`
and `audit_verify` digest.

A VOLATILE PL/pgSQL function runs each of its statements with a fresh snapshot (READ
COMMITTED): the head is read after the lock is held, so it sees the event a concurrent writer
committed just before releasing it. It runs with the caller's rights (SECURITY INVOKER): the
application role still needs its INSERT privilege, and still lacks UPDATE and DELETE.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_append(
    p_at timestamptz, p_actor_uuid uuid, p_actor_label text, p_network_uuid uuid,
    p_action text, p_target_type text, p_target_uuid uuid, p_patient_uuid uuid, p_ip inet,
    p_user_agent text, p_details jsonb, p_lock bigint, p_head text, p_tail text
) RETURNS TABLE (event_id bigint, event_prev_hash varchar, event_hash varchar)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_prev varchar;
BEGIN
    PERFORM pg_advisory_xact_lock(p_lock);
    SELECT e.hash INTO v_prev FROM audit_auditevent e ORDER BY e.id DESC LIMIT 1;
    v_prev := coalesce(v_prev, repeat('0', 64));
    RETURN QUERY
    INSERT INTO audit_auditevent (
        at, actor_uuid, actor_label, network_uuid, action, target_type, target_uuid,
        patient_uuid, ip, user_agent, details, prev_hash, hash
    ) VALUES (
        p_at, p_actor_uuid, p_actor_label, p_network_uuid, p_action, p_target_type,
        p_target_uuid, p_patient_uuid, p_ip, p_user_agent, p_details, v_prev,
        encode(sha256(convert_to(p_head || v_prev || p_tail, 'UTF8')), 'hex')
    )
    RETURNING audit_auditevent.id, audit_auditevent.prev_hash, audit_auditevent.hash;
END;
$$;
"""
DROP = """
DROP FUNCTION IF EXISTS audit_append(
    timestamptz, uuid, text, uuid, text, text, uuid, uuid, inet, text, jsonb, bigint, text, text
);
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_securityalert")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
