"""Logs carry no NIR, no names, no request data; the test guard enforces it on every test."""

import io
import logging

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings

from maillage.core.logging import REDACTED, JsonFormatter, RedactNirFilter, redact_nir
from maillage.testing import logguard

NIR = "1 85 05 78 006 084 36"


def _record(msg, *args, **extra) -> logging.LogRecord:
    record = logging.LogRecord("maillage.tests", logging.WARNING, __file__, 1, msg, args, None)
    record.__dict__.update(extra)
    return record


@pytest.mark.parametrize(
    "text",
    ["185057800608436", NIR, "2850578006084", "1.85.05.2A.006.084", "NIR:2 85 05 2B 006 084 97"],
)
def test_nir_like_numbers_are_masked(text):
    assert REDACTED in redact_nir(f"patient {text} vu")


@pytest.mark.parametrize(
    "text",
    ["73282932000074", "10003456789", "2024-05-01", "0612345678", "185137800608436"],
)
def test_other_numbers_are_left_alone(text):
    assert redact_nir(text) == text


def test_the_filter_masks_message_arguments_and_extras():
    record = _record("recherche %s", "185057800608436", event=f"search {NIR}")
    assert RedactNirFilter().filter(record) is True
    output = JsonFormatter().format(record)
    assert "185057800608436" not in output
    assert "006 084" not in output
    assert output.count(REDACTED) == 2


def test_the_console_handler_uses_the_filter():
    console = settings.LOGGING["handlers"]["console"]
    assert "redact_nir" in console["filters"]
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    assert any(isinstance(f, RedactNirFilter) for f in handler.filters)


def test_the_guard_finds_a_nir_and_a_demo_surname():
    assert logguard.leaks_in([_record("ok %s", "rien")]) == []
    problems = logguard.leaks_in([_record("vu %s", "185057800608436")])
    assert problems == ["maillage.tests [WARNING] contient un NIR"]
    problems = logguard.leaks_in([_record("ouverture", event="dossier de M. TESTAUD")])
    assert problems == ["maillage.tests [WARNING] contient le nom « TESTAUD »"]


def test_the_name_list_can_be_extended():
    assert logguard.leaks_in([_record("Mme Zyxwvutsonne")]) == []
    logguard.watch_name("Zyxwvutsonne")
    try:
        assert logguard.leaks_in([_record("Mme Zyxwvutsonne")])
    finally:
        logguard.DEMO_SURNAMES.discard("Zyxwvutsonne")


def test_the_guard_sees_loggers_that_do_not_propagate():
    handler, loggers = logguard.install()
    try:
        logging.getLogger("django.security.Tests").warning("vu")
        logging.getLogger("django.request").error("vu")
    finally:
        logguard.uninstall(handler, loggers)
    assert [r.name for r in handler.records] == ["django.security.Tests", "django.request"]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="maillage.core.tests.urls_error")
def test_a_server_error_logs_no_request_data_and_sends_no_email():
    stream = io.StringIO()
    handler = next(h for h in logging.getLogger("django.request").handlers)
    previous = handler.setStream(stream)
    try:
        response = Client(raise_request_exception=False).post(
            "/panne/", {"recherche": "Testaud", "nir": "185057800608436"}
        )
    finally:
        handler.setStream(previous)
    assert response.status_code == 500
    output = stream.getvalue()
    assert "Internal Server Error: /panne/" in output
    assert "Testaud" not in output
    assert "185057800608436" not in output
    assert "recherche" not in output
    assert mail.outbox == []
    assert settings.ADMINS == []
