"""Referral, session, statement, budget and provider pages: right role, wrong role (404), other
network (404), anonymous; the provider sees only their referrals and only what sessions need."""

from datetime import date

import pytest
from django.urls import reverse

from maillage.audit.models import AuditEvent
from maillage.supportcare.models import SessionStatus, SupportSession
from maillage.supportcare.services.sessions import session_record
from maillage.supportcare.services.statements import statement_issue

STAFF = ["reception", "coordinator", "medical_lead", "director", "network_admin"]
HANDLERS = {"coordinator", "medical_lead"}
READERS = {"coordinator", "medical_lead", "director"}


@pytest.fixture
def world(referral, coordinator, director, support_provider):
    session_record(
        actor=coordinator, referral=referral, day=date(2026, 6, 10), status=SessionStatus.HELD
    )
    statement = statement_issue(actor=director, provider=support_provider, month=date(2026, 6, 1))
    return referral, statement


def staff_pages(referral, statement):
    patient = referral.patient
    return [
        (reverse("supportcare:patient_section", args=[patient.public_id]), HANDLERS),
        (reverse("supportcare:referral_create", args=[patient.public_id]), HANDLERS),
        (reverse("supportcare:referral_list"), HANDLERS),
        (reverse("supportcare:referral_detail", args=[referral.public_id]), HANDLERS),
        (
            reverse("supportcare:exception_grant", args=[referral.public_id]),
            {"medical_lead", "director"},
        ),
        (reverse("supportcare:statement_list"), READERS),
        (reverse("supportcare:statement_detail", args=[statement.public_id]), READERS),
        (reverse("supportcare:budget"), READERS),
    ]


@pytest.mark.parametrize("role", STAFF)
def test_each_page_answers_its_roles_and_404_to_the_others(request, client_for, world, role):
    client = client_for(request.getfixturevalue(role))
    for url, allowed in staff_pages(*world):
        status = client.get(url).status_code
        if role == "director" and "/orientations/" in url and url.count("/") == 4:
            assert status == 302, url  # to the exception form, the only referral page it uses
            continue
        assert status == (200 if role in allowed else 404), (url, role, status)
    for url in (
        reverse("supportcare:provider_home"),
        reverse("supportcare:provider_referral", args=[world[0].public_id]),
    ):
        assert client.get(url).status_code == 404


def test_other_network_staff_get_404(client_for, world, coordinator_other_network):
    client = client_for(coordinator_other_network)
    for url, _ in staff_pages(*world):
        response = client.get(url)
        if response.resolver_match.kwargs:
            assert response.status_code == 404, url
        else:
            assert world[0].patient.birth_name not in response.content.decode()


def test_anonymous_visitors_are_sent_to_login(client, world):
    for url, _ in staff_pages(*world):
        response = client.get(url)
        assert response.status_code == 302 and "/compte/connexion/" in response["Location"], url


def test_posts_from_the_wrong_role_are_404_and_change_nothing(
    client_for, world, reception, director, external_outside
):
    referral, statement = world
    session = SupportSession.objects.get()
    posts = [
        (
            reverse("supportcare:session_create", args=[referral.public_id]),
            {"day": "2026-06-12", "status": "held"},
        ),
        (
            reverse("supportcare:referral_status", args=[referral.public_id]),
            {"to_status": "stopped", "reason": "x"},
        ),
        (reverse("supportcare:session_cancel", args=[session.public_id]), {"reason": "x"}),
        (reverse("supportcare:session_outcome", args=[session.public_id]), {"status": "held"}),
        (
            reverse("supportcare:provider_session_create", args=[referral.public_id]),
            {"day": "2026-06-12", "status": "held"},
        ),
    ]
    for user in (reception, director, external_outside):
        client = client_for(user)
        for url, data in posts:
            assert client.post(url, data).status_code == 404, (url, user)
    assert (
        client_for(reception)
        .post(
            reverse("supportcare:statement_paid", args=[statement.public_id]),
            {"paid_on": "2026-11-01"},
        )
        .status_code
        == 404
    )
    assert SupportSession.objects.count() == 1
    referral.refresh_from_db()
    assert referral.status == "in_progress"


def test_the_provider_sees_only_what_sessions_need(client_for, world, provider):
    referral, statement = world
    client = client_for(provider)
    home = client.get(reverse("supportcare:provider_home")).content.decode()
    assert referral.patient.display_name in home
    page = client.get(reverse("supportcare:provider_referral", args=[referral.public_id]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Cancer du sein" not in body and "Dr Fictif" not in body  # no evidence
    assert AuditEvent.objects.filter(
        action="supportcare.referral.viewed", patient_uuid=referral.patient.public_id
    ).exists()
    assert (
        client.get(reverse("supportcare:statement_detail", args=[statement.public_id])).status_code
        == 200
    )
    response = client.post(
        reverse("supportcare:provider_session_create", args=[referral.public_id]),
        {"day": "2099-01-01", "status": "held"},
    )
    assert "dans le futur" in response.content.decode()
    response = client.post(
        reverse("supportcare:provider_session_create", args=[referral.public_id]),
        {"day": "2026-07-03", "status": "held"},
    )
    assert response.status_code == 302
    assert SupportSession.objects.get(day=date(2026, 7, 3)).recorded_by == provider


def test_another_provider_and_an_objection_close_the_door(
    client_for, world, coordinator, external_outside, provider
):
    from maillage.patients.tests.factories import ConsentFactory
    from maillage.supportcare.models import ProviderAccount
    from maillage.supportcare.tests.factories import ProviderFactory

    referral, statement = world
    other = ProviderFactory(network=referral.network)
    ProviderAccount.objects.create(provider=other, user=external_outside)
    client = client_for(external_outside)
    assert (
        client.get(reverse("supportcare:provider_referral", args=[referral.public_id])).status_code
        == 404
    )
    assert (
        client.get(reverse("supportcare:statement_detail", args=[statement.public_id])).status_code
        == 404
    )
    ConsentFactory(patient=referral.patient, kind="objection", recorded_by=coordinator)
    assert (
        client_for(provider)
        .get(reverse("supportcare:provider_referral", args=[referral.public_id]))
        .status_code
        == 404
    )


def test_a_provider_needs_the_second_factor(client, world, provider):
    client.force_login(provider, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("supportcare:provider_home"))
    assert response.status_code == 302
    assert reverse("accounts:otp_verify") in response["Location"]


def test_referral_creation_explains_refusals_in_french(
    client_for, coordinator, sc_patient, cancer_line, support_provider
):
    url = reverse("supportcare:referral_create", args=[sc_patient.public_id])
    response = client_for(coordinator).post(
        url,
        {
            "funding_line": cancer_line.pk,
            "kind": "psychology",
            "provider": support_provider.pk,
            "sessions_granted": "3",
            "referred_on": "2026-06-01",
            "treatment_phase": "in_treatment",
            "has_ald": "on",
            "prescriber_name": "Dr Fictif",
            "prescriber_role": "gp",
            "prescribed_on": "2026-05-20",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "encore en cours de traitement" in body
    assert "Thématique" in body


def test_lists_keep_a_bounded_query_count(
    client_for, coordinator, director, make_referral, network, django_assert_max_num_queries
):
    from maillage.patients.tests.factories import ConsentFactory, PatientFactory

    for _ in range(6):
        patient = PatientFactory(network=network)
        ConsentFactory(patient=patient, recorded_by=coordinator)
        make_referral(patient, sessions=2)
    for user, url in (
        (coordinator, reverse("supportcare:referral_list")),
        (director, reverse("supportcare:budget")),
        (director, reverse("supportcare:statement_list")),
        (coordinator, reverse("core:dashboard")),
    ):
        client = client_for(user)
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200


def test_the_record_tab_and_the_dashboards_show_support_care(
    client_for, world, coordinator, provider, director, reception
):
    referral, _ = world
    section = reverse("supportcare:patient_section", args=[referral.patient.public_id])
    detail = (
        client_for(coordinator)
        .get(reverse("patients:detail", args=[referral.patient.public_id]))
        .content.decode()
    )
    assert section in detail  # the tab registered in the patient record
    assert (
        section
        not in client_for(reception)
        .get(reverse("patients:detail", args=[referral.patient.public_id]))
        .content.decode()
    )
    staff = client_for(coordinator).get(reverse("core:dashboard")).content.decode()
    assert reverse("supportcare:dashboard_panel") in staff
    staff = client_for(coordinator).get(reverse("supportcare:dashboard_panel")).content.decode()
    assert 'data-testid="panel-in-progress">1<' in staff
    assert 'data-testid="panel-held">' in staff
    own = client_for(provider).get(reverse("core:dashboard")).content.decode()
    assert 'data-testid="panel-open">1<' in own
    assert (
        "panel-proposed" not in client_for(director).get(reverse("core:dashboard")).content.decode()
    )


def test_the_prescription_goes_through_the_uploads_service_and_stays_with_the_team(
    client_for,
    coordinator,
    director,
    provider,
    coordinator_other_network,
    sc_patient,
    cancer_line,
    support_provider,
    covered_commune,
):
    from maillage.files.tests.samples import pdf, upload
    from maillage.supportcare.models import SupportCareReferral
    from maillage.supportcare.permissions import can_read_prescription_file

    url = reverse("supportcare:referral_create", args=[sc_patient.public_id])
    data = {
        "funding_line": cancer_line.pk,
        "kind": "psychology",
        "provider": support_provider.pk,
        "sessions_granted": "3",
        "referred_on": "2026-06-01",
        "thematic": cancer_line.rule_versions.get().thematic_id,
        "treatment_phase": "after_treatment",
        "treatment_ended_on": "2026-03-10",
        "has_ald": "on",
        "commune_code": covered_commune.insee_code,
        "prescriber_name": "Dr Fictif",
        "prescriber_role": "gp",
        "prescribed_on": "2026-05-20",
    }
    client = client_for(coordinator)
    lying = upload("ordonnance.pdf", b"<html><script>x</script></html>", "application/pdf")
    response = client.post(url, data | {"prescription_upload": lying})
    assert response.status_code == 200
    assert "Prescription (fichier)" in response.content.decode()
    assert not SupportCareReferral.objects.exists()
    response = client.post(
        url, data | {"prescription_upload": upload("ordonnance.pdf", pdf(), "application/pdf")}
    )
    assert response.status_code == 302
    referral = SupportCareReferral.objects.get()
    stored = referral.prescription
    assert stored.content_type == "application/pdf"
    assert stored.owner_public_id == referral.public_id
    assert can_read_prescription_file(coordinator, referral.public_id)
    for outsider in (director, provider, coordinator_other_network):
        assert not can_read_prescription_file(outsider, referral.public_id)
    download = reverse("files:download", kwargs={"public_id": stored.public_id})
    assert client_for(provider).get(download).status_code == 404
    assert client.get(download).status_code == 200
