"""Django's database sessions, with the session row read by a query compiled once
(maillage.core.prepared): the same SELECT, the same expiry rule, on every request."""

from __future__ import annotations

import logging

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

from maillage.core.prepared import Param, Prepared

_SESSION = Prepared(
    lambda: Session.objects.filter(
        session_key=Param("key", Session, "session_key"),
        expire_date__gt=Param("now", Session, "expire_date"),
    )[:1]
)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        if type(self).get_model_class() is not Session:
            return super()._get_session_from_db()
        try:
            session = _SESSION.first(key=self.session_key, now=timezone.now())
        except SuspiciousOperation as exc:
            logger = logging.getLogger(f"django.security.{exc.__class__.__name__}")
            logger.warning(str(exc))
            session = None
        if session is None:
            self._session_key = None
        return session
