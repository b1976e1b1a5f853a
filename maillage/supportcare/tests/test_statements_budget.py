"""Monthly statements (PDF, CSV through the exports register, paid with a date) and the budget
page, which must match the sessions."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from maillage.audit.models import AuditEvent
from maillage.supportcare.budget import line_budget
from maillage.supportcare.models import SessionStatus, StatementStatus, SupportSession
from maillage.supportcare.services.referrals import referral_transition
from maillage.supportcare.services.sessions import session_record
from maillage.supportcare.services.statements import statement_issue, statement_mark_paid

HELD = SessionStatus.HELD


@pytest.fixture
def june(referral, coordinator):
    for day in (10, 17, 24):
        session_record(actor=coordinator, referral=referral, day=date(2026, 6, day), status=HELD)
    session_record(actor=coordinator, referral=referral, day=date(2026, 7, 1), status=HELD)
    return referral


def test_a_statement_gathers_the_month_and_is_paid_once(
    june, director, support_provider, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        statement = statement_issue(
            actor=director, provider=support_provider, month=date(2026, 6, 1)
        )
    # The provider is told, with figures only (no patient), at the address for statements.
    assert [m.to for m in mail.outbox] == [[support_provider.email]]
    notice = mail.outbox[0]
    assert "relevé de 06/2026" in notice.subject
    assert "3 séances réalisées, 90,00" in notice.body and "/soins-de-support/mes-seances/" in (
        notice.body
    )
    assert june.patient.display_name not in notice.body
    assert statement.session_count == 3
    assert statement.total == Decimal("90.00")  # 45 + 2 × 22.50
    with pytest.raises(ValidationError):
        statement_issue(actor=director, provider=support_provider, month=date(2026, 6, 1))
    with pytest.raises(ValidationError) as refused:
        statement_mark_paid(
            actor=director, statement=statement, paid_on=timezone.localdate() + timedelta(days=1)
        )
    assert "future" in " ".join(refused.value.messages)
    statement_mark_paid(actor=director, statement=statement, paid_on=timezone.localdate())
    statement.refresh_from_db()
    assert statement.status == StatementStatus.PAID
    assert AuditEvent.objects.filter(action="supportcare.statement.paid").exists()


def test_an_unfinished_or_empty_month_has_no_statement(june, director, support_provider):
    with pytest.raises(ValidationError) as refused:
        statement_issue(actor=director, provider=support_provider, month=timezone.localdate())
    assert "n'est pas terminé" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError) as refused:
        statement_issue(actor=director, provider=support_provider, month=date(2026, 3, 1))
    assert "aucune séance" in " ".join(refused.value.messages)


def test_statement_files_go_through_the_exports_register(
    june, director, support_provider, client_for, provider
):
    statement = statement_issue(actor=director, provider=support_provider, month=date(2026, 6, 1))
    for user in (director, provider):
        client = client_for(user)
        csv = client.get(reverse("supportcare:statement_csv", args=[statement.public_id]))
        assert csv.status_code == 200
        text = csv.content.decode("utf-8-sig")
        assert text.splitlines()[0].startswith("Date;Patient;Soin")
        assert "45,00" in text and "22,50" in text
        pdf = client.get(reverse("supportcare:statement_pdf", args=[statement.public_id]))
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="supportcare.statement.exported").count() == 4
    stale = client_for(director, reauth=False)
    response = stale.get(reverse("supportcare:statement_csv", args=[statement.public_id]))
    assert response["Location"].startswith(reverse("accounts:reauth"))


def test_the_budget_matches_the_sessions(june, coordinator, cancer_line, client_for, director):
    spent = sum(s.price for s in SupportSession.objects.filter(status=HELD))
    budget = line_budget(cancer_line)
    assert budget.spent == spent == Decimal("112.50")
    assert budget.committed == Decimal("180.00")  # 7 sessions granted, open referral
    page = client_for(director).get(reverse("supportcare:budget")).content.decode()
    assert "112,50" in page and "180,00" in page
    assert "<svg" in page and "hatch" in page
    # Completing the referral frees what it did not use: committed falls to spent.
    referral_transition(actor=coordinator, referral=june, to_status="completed")
    assert line_budget(cancer_line).committed == Decimal("112.50")


def test_the_alert_rises_before_the_money_runs_out(
    make_referral, sc_patient, cancer_line, director, client_for
):
    from maillage.supportcare.services.funding import funding_line_update

    funding_line_update(actor=director, line=cancer_line, budget=Decimal("200.00"))
    make_referral(sc_patient)  # 180 € committed = 90 % of 200 €
    cancer_line.refresh_from_db()
    budget = line_budget(cancer_line)
    assert budget.alert and budget.committed_percent == 90
    page = client_for(director).get(reverse("supportcare:budget")).content.decode()
    assert 'data-testid="budget-alert"' in page


def test_the_dashboard_figures_match_the_budget_in_one_query(
    june, cancer_line, django_assert_num_queries
):
    from maillage.supportcare.budget import lines_with_commitments
    from maillage.supportcare.models import FundingLine

    with django_assert_num_queries(1):
        [line] = list(
            lines_with_commitments(
                FundingLine.objects.filter(pk=cancer_line.pk),
                since=date(2026, 6, 1),
                until=date(2026, 6, 30),
            )
        )
    assert line.committed_sum == line_budget(cancer_line).committed == Decimal("180.00")
    assert line.held_in_period == 3


def test_months_still_to_state_show_the_running_month_as_provisional(
    june, support_provider, django_assert_max_num_queries
):
    from maillage.supportcare.models import Provider
    from maillage.supportcare.selectors import months_to_state

    providers = Provider.objects.filter(pk=support_provider.pk)
    with django_assert_max_num_queries(2):
        rows = months_to_state(providers, date(2026, 7, 15))
    assert [(r["month"], r["count"], r["total"], r["is_open"]) for r in rows] == [
        (date(2026, 7, 1), 1, Decimal("22.50"), True),
        (date(2026, 6, 1), 3, Decimal("90.00"), False),
    ]
    assert rows[0]["provider"] == support_provider


def test_staff_issue_a_month_from_the_list_and_the_provider_sees_what_is_left(
    june, director, coordinator, support_provider, client_for, provider
):
    url = reverse("supportcare:statement_list")
    body = client_for(coordinator).get(url).content.decode()
    # The figures per month are on the list before anything is issued.
    assert "juin 2026" in body and "90,00" in body
    client = client_for(director)
    body = client.get(url).content.decode()
    assert "Émettre ce relevé : juin 2026" in body
    response = client.post(url, {"provider": support_provider.pk, "month": "2026-06"})
    assert response.status_code == 302
    statement = support_provider.statements.get()
    assert (statement.month, statement.session_count) == (date(2026, 6, 1), 3)
    body = client.get(url).content.decode()
    assert "Émettre ce relevé : juin 2026" not in body
    assert "Émettre ce relevé : juillet 2026" in body
    portal = client_for(provider).get(reverse("supportcare:provider_home")).content.decode()
    assert "juillet 2026" in portal and "22,50" in portal
    assert "Émettre ce relevé" not in portal


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


def test_statement_and_portal_pages_cost_the_same_for_two_or_six_patients(
    make_referral, network, coordinator, director, provider, support_provider, client_for
):
    """Each page's query count does not grow with its rows (no query per session or month)."""
    from maillage.patients.tests.factories import ConsentFactory, PatientFactory

    def add_patients(n, days):
        for _ in range(n):
            patient = PatientFactory(network=network)
            ConsentFactory(patient=patient, recorded_by=coordinator)
            referral = make_referral(patient, sessions=3)
            for day in days:
                session_record(actor=coordinator, referral=referral, day=day, status=HELD)

    def pages(month):
        statement = support_provider.statements.get(month=month)
        return [
            (director, reverse("supportcare:statement_list")),
            (director, reverse("supportcare:statement_detail", args=[statement.public_id])),
            (director, reverse("supportcare:provider_detail", args=[support_provider.public_id])),
            (provider, reverse("supportcare:provider_home")),
            (provider, reverse("supportcare:statement_detail", args=[statement.public_id])),
        ]

    june, july = date(2026, 6, 1), date(2026, 7, 1)
    add_patients(2, [date(2026, 6, 3), date(2026, 8, 5)])
    statement_issue(actor=director, provider=support_provider, month=june)
    clients = {user: client_for(user) for user in (director, provider)}
    small = [_queries(clients[user], url) for user, url in pages(june)]
    # Three times the patients, a second statement, more months still to state.
    add_patients(6, [date(2026, 7, 8), date(2026, 8, 5), date(2026, 9, 2)])
    statement_issue(actor=director, provider=support_provider, month=july)
    large = [_queries(clients[user], url) for user, url in pages(july)]
    assert large == small
    assert max(large) <= 20, large
