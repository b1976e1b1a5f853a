import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.audit.models import AuditEvent
from maillage.coordination.models import Notification
from maillage.hospital import services
from maillage.hospital.models import HospitalStay
from maillage.patients.models import JournalEntry, Task

pytestmark = pytest.mark.django_db


def _stays(patient):
    return reverse("hospital:stays", args=[patient.public_id])


def _admission(hospital, **extra):
    return {
        "organisation": str(hospital.public_id),
        "kind": "mco",
        "ward": "Gériatrie",
        "admitted_at": (timezone.localtime() - datetime.timedelta(hours=3)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "planned_discharge_on": "",
        "reason": "Chute",
        **extra,
    }


def test_the_hospital_social_worker_records_an_admission(
    client_for, hospital_social_worker, coordinator, followed_patient, hospital
):
    response = client_for(hospital_social_worker).post(
        _stays(followed_patient), _admission(hospital)
    )
    assert response.status_code == 302
    stay = HospitalStay.objects.get()
    assert stay.reported_by == hospital_social_worker
    assert Notification.objects.filter(user=coordinator, kind="admission").exists()
    planning = Task.objects.filter(origin="hospital.discharge_planning", source_uuid=stay.public_id)
    assert planning.count() == 8 and {t.assignee for t in planning} == {coordinator}
    # The stay shows on the coordinator's timeline.
    timeline = client_for(coordinator).get(
        reverse("coordination:timeline", args=[followed_patient.public_id])
    )
    assert "Entrée d&#x27;hospitalisation" in timeline.content.decode()


def test_the_hospital_social_worker_records_the_discharge(
    client_for, hospital_social_worker, coordinator, followed_patient, hospital
):
    stay = services.stay_admit(
        actor=hospital_social_worker,
        patient=followed_patient,
        organisation=hospital,
        kind="mco",
        admitted_at=timezone.now() - datetime.timedelta(days=4),
    )
    response = client_for(hospital_social_worker).post(
        reverse("hospital:stay", args=[stay.public_id]),
        {"discharged_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    stay.refresh_from_db()
    assert stay.discharged_at is not None
    assert Notification.objects.filter(user=coordinator, kind="discharge").exists()
    call_back = Task.objects.get(origin="hospital.discharge_call_back")
    assert call_back.assignee == coordinator and call_back.priority == "high"
    assert JournalEntry.objects.filter(source="hospital.stay", title__startswith="Sortie").exists()


def test_a_readmission_is_flagged_on_the_stays_list(
    client_for, coordinator, followed_patient, hospital
):
    first = services.stay_admit(
        actor=coordinator,
        patient=followed_patient,
        organisation=hospital,
        kind="mco",
        admitted_at=timezone.now() - datetime.timedelta(days=12),
    )
    services.stay_discharge(
        actor=coordinator, stay=first, discharged_at=timezone.now() - datetime.timedelta(days=10)
    )
    second = services.stay_admit(
        actor=coordinator,
        patient=followed_patient,
        organisation=hospital,
        kind="urgences",
        admitted_at=timezone.now() - datetime.timedelta(hours=5),
    )
    client = client_for(coordinator)
    assert (
        client.get(_stays(followed_patient))
        .content.decode()
        .count("Réhospitalisation &lt; 30 jours")
        == 1
    )
    page = client.get(reverse("hospital:stay", args=[second.public_id])).content.decode()
    assert 'data-testid="readmission"' in page


def test_a_social_worker_of_the_care_team_records_an_admission_too(
    client_for, coordinator, followed_patient, hospital
):
    from maillage.patients.tests.factories import CareTeamMemberFactory, ExternalUserFactory

    worker = ExternalUserFactory()
    CareTeamMemberFactory(patient=followed_patient, role="social_worker", external_user=worker)
    response = client_for(worker).post(_stays(followed_patient), _admission(hospital))
    assert response.status_code == 302
    assert HospitalStay.objects.get().reported_by == worker
    assert Task.objects.filter(origin="hospital.discharge_planning").count() == 8


def test_the_home_nurse_reads_but_cannot_record_stays(
    client_for, home_nurse, followed_patient, hospital
):
    client = client_for(home_nurse)
    assert client.get(_stays(followed_patient)).status_code == 200
    assert client.post(_stays(followed_patient), _admission(hospital)).status_code == 404
    assert not HospitalStay.objects.exists()


@pytest.mark.parametrize(
    "persona", ["network_admin", "coordinator_other_network", "external_outside"]
)
def test_it_checks_access(client_for, request, persona, coordinator, followed_patient, hospital):
    stay = services.stay_admit(
        actor=coordinator,
        patient=followed_patient,
        organisation=hospital,
        kind="mco",
        admitted_at=timezone.now() - datetime.timedelta(days=1),
    )
    client = client_for(request.getfixturevalue(persona))
    assert client.get(_stays(followed_patient)).status_code == 404
    assert client.post(_stays(followed_patient), _admission(hospital)).status_code == 404
    assert client.get(reverse("hospital:stay", args=[stay.public_id])).status_code == 404
    assert client.get(reverse("hospital:liaison_sheet", args=[stay.public_id])).status_code == 404
    assert HospitalStay.objects.count() == 1


def test_a_discharge_before_the_admission_shows_a_french_message(
    client_for, coordinator, followed_patient, hospital
):
    stay = services.stay_admit(
        actor=coordinator,
        patient=followed_patient,
        organisation=hospital,
        kind="smr",
        admitted_at=timezone.now() - datetime.timedelta(days=1),
    )
    before = timezone.localtime(stay.admitted_at) - datetime.timedelta(days=2)
    response = client_for(coordinator).post(
        reverse("hospital:stay", args=[stay.public_id]),
        {"discharged_at": before.strftime("%Y-%m-%dT%H:%M")},
    )
    assert (
        "La date de sortie ne peut pas précéder la date d&#x27;entrée" in response.content.decode()
    )
    stay.refresh_from_db()
    assert stay.discharged_at is None


def test_the_coordinator_downloads_the_liaison_sheet(
    client_for, coordinator, followed_patient, hospital, mailoutbox
):
    stay = services.stay_admit(
        actor=coordinator,
        patient=followed_patient,
        organisation=hospital,
        kind="mco",
        admitted_at=timezone.now() - datetime.timedelta(days=1),
    )
    response = client_for(coordinator).get(reverse("hospital:liaison_sheet", args=[stay.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response.content.startswith(b"%PDF")
    # Through the exports register (audited with the file's fingerprint), never by email.
    event = AuditEvent.objects.get(action="hospital.liaison_sheet.exported")
    assert event.details["format"] == "pdf" and len(event.details["sha256"]) == 64
    assert event.patient_uuid == followed_patient.public_id
    assert mailoutbox == []


def test_the_stay_page_is_bounded(
    client_for, coordinator, followed_patient, hospital, django_assert_max_num_queries
):
    stay = services.stay_admit(
        actor=coordinator,
        patient=followed_patient,
        organisation=hospital,
        kind="mco",
        admitted_at=timezone.now() - datetime.timedelta(days=1),
    )
    client = client_for(coordinator)
    with django_assert_max_num_queries(25):
        content = client.get(reverse("hospital:stay", args=[stay.public_id])).content.decode()
    assert content.count("Responsable de") == 8


def _stay(coordinator, patient, hospital):
    return services.stay_admit(
        actor=coordinator,
        patient=patient,
        organisation=hospital,
        kind="mco",
        admitted_at=timezone.now() - datetime.timedelta(days=1),
    )


def test_the_liaison_sheet_lists_the_pps_problems_and_contacts(
    coordinator, followed_patient, hospital, external_in_team
):
    from maillage.careplans.builders import validated
    from maillage.hospital import selectors
    from maillage.patients.models import CareTeamMember
    from maillage.patients.tests.factories import CareTeamMemberFactory

    gp = CareTeamMember.objects.get(patient=followed_patient, role="gp")
    validated(coordinator, followed_patient, member=gp)
    CareTeamMemberFactory(
        patient=followed_patient, role="home_help", organisation=hospital, professional=None
    )
    hospital.phone = "02 40 00 00 01"
    hospital.save(update_fields=["phone"])
    stay = _stay(coordinator, followed_patient, hospital)
    context = selectors.liaison_context(stay, medical=True)
    assert context["problems"] == ["Risque de chute"]
    assert context["pps"].startswith("PPS version 1 validé")
    assert "02 40 00 00 01" in [m.contact_phone for m in context["team"]]
    assert selectors.liaison_context(stay, medical=False)["problems"] == []


def test_the_liaison_sheet_names_the_gp_the_carers_and_who_to_call(
    client_for, coordinator, followed_patient, hospital, external_in_team
):
    from maillage.patients.tests.factories import CarerFactory

    carer = CarerFactory(patient=followed_patient, last_name="Aidante", first_name="Rose")
    stay = _stay(coordinator, followed_patient, hospital)
    response = client_for(coordinator).get(reverse("hospital:liaison_sheet", args=[stay.public_id]))
    assert response.status_code == 200
    context = response.context
    assert context["patient"] == followed_patient
    assert context["gp"].role == "gp"
    assert carer in context["carers"]
    assert context["enrolment"].lead_coordinator == coordinator
    assert context["stay"] == stay


def test_without_a_pps_the_sheet_lists_the_assessments_problems(
    coordinator, followed_patient, hospital
):
    from maillage.assessments.models import IdentifiedProblem
    from maillage.assessments.tests.factories import AssessmentFactory
    from maillage.hospital import selectors

    assessment = AssessmentFactory(
        patient=followed_patient,
        author=coordinator,
        status="signed",
        signed_at=timezone.now(),
        signed_by=coordinator,
    )
    IdentifiedProblem.objects.create(
        assessment=assessment, domain="social", free_text="Isolement social"
    )
    stay = _stay(coordinator, followed_patient, hospital)
    assert selectors.liaison_context(stay, medical=True)["problems"] == ["Isolement social"]
    assert selectors.liaison_context(stay, medical=True)["pps"] is None


def test_the_director_gets_the_sheet_without_medical_sections(
    client_for, director, coordinator, followed_patient, hospital
):
    stay = _stay(coordinator, followed_patient, hospital)
    response = client_for(director).get(reverse("hospital:liaison_sheet", args=[stay.public_id]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response.context["medical"] is False


def test_the_checklist_takes_who_is_responsible(
    client_for, coordinator, followed_patient, hospital
):
    from maillage.hospital.models import DischargeItem

    stay = _stay(coordinator, followed_patient, hospital)
    item = DischargeItem.objects.get(stay=stay, item="home_nurse")
    url = reverse("hospital:item_update", args=[stay.public_id, item.public_id])
    response = client_for(coordinator).post(url, {"responsible": "<b>SSIAD</b> du canton"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.responsible == "<b>SSIAD</b> du canton"
    page = client_for(coordinator).get(reverse("hospital:stay", args=[stay.public_id]))
    assert "&lt;b&gt;SSIAD&lt;/b&gt;" in page.content.decode()
    assert AuditEvent.objects.filter(action="hospital.discharge_item.updated").count() == 1


@pytest.mark.parametrize(
    "persona", ["network_admin", "coordinator_other_network", "external_outside", "reception"]
)
def test_the_checklist_is_refused_to_others(
    client_for, request, persona, coordinator, followed_patient, hospital
):
    from maillage.hospital.models import DischargeItem

    stay = _stay(coordinator, followed_patient, hospital)
    item = DischargeItem.objects.filter(stay=stay).first()
    url = reverse("hospital:item_update", args=[stay.public_id, item.public_id])
    client = client_for(request.getfixturevalue(persona))
    assert client.post(url, {"responsible": "X"}).status_code == 404
    assert client.get(reverse("hospital:stay", args=[stay.public_id])).status_code == 404
    item.refresh_from_db()
    assert item.responsible == ""


def test_the_home_nurse_cannot_edit_the_checklist(
    client_for, home_nurse, coordinator, followed_patient, hospital
):
    from maillage.hospital.models import DischargeItem

    stay = _stay(coordinator, followed_patient, hospital)
    item = DischargeItem.objects.filter(stay=stay).first()
    url = reverse("hospital:item_update", args=[stay.public_id, item.public_id])
    assert client_for(home_nurse).post(url, {"responsible": "X"}).status_code == 404


@pytest.mark.parametrize("name", ["hospital:stay", "hospital:liaison_sheet"])
def test_anonymous_is_sent_to_login_from_a_stay(
    client, coordinator, followed_patient, hospital, name
):
    stay = _stay(coordinator, followed_patient, hospital)
    response = client.get(reverse(name, args=[stay.public_id]))
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


def test_the_stays_list_is_bounded(
    client_for, coordinator, followed_patient, hospital, django_assert_max_num_queries
):
    for _ in range(3):
        stay = _stay(coordinator, followed_patient, hospital)
        services.stay_discharge(actor=coordinator, stay=stay, discharged_at=timezone.now())
    client = client_for(coordinator)
    with django_assert_max_num_queries(22):
        content = client.get(_stays(followed_patient)).content.decode()
    assert content.count(">Détail</a>") == 3
