"""Audit trail. Use `from maillage.audit import record`."""


def record(*args, **kwargs):
    from maillage.audit.services import record as _record

    return _record(*args, **kwargs)
