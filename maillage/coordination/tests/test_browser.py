"""The coordinator's day, in Chromium: timeline, tasks, care-team messages, a hospital admission
reported by the hospital's social worker, the liaison sheet, inbox and dashboard."""

import pytest
from django.utils import timezone

from maillage.coordination.tests.factories import HospitalFactory
from maillage.patients.tests.factories import (
    CareTeamMemberFactory,
    ConsentFactory,
    EnrolmentFactory,
    ExternalUserFactory,
    PatientFactory,
    TaskFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page, authenticated_page, user):
    page.context.clear_cookies()
    authenticated_page(user)
    return page


def test_a_coordinators_day_with_the_nurse_and_the_hospital(
    page, authenticated_page, live_url, coordinator, network, assert_accessible
):
    patient = PatientFactory(network=network, birth_name="MARCHAND", first_names="Odette")
    EnrolmentFactory(patient=patient, lead_coordinator=coordinator)
    ConsentFactory(patient=patient, recorded_by=coordinator)
    nurse = ExternalUserFactory(first_name="Inès", last_name="Soignante")
    CareTeamMemberFactory(patient=patient, role="nurse", external_user=nurse)
    social_worker = ExternalUserFactory(first_name="Hélène", last_name="Liaison")
    CareTeamMemberFactory(patient=patient, role="hospital", external_user=social_worker)
    hospital = HospitalFactory(name="CHU de Nantes")
    TaskFactory(
        patient=patient,
        assignee=coordinator,
        title="Rappeler la fille",
        due_on=timezone.localdate(),
    )
    timeline = live_url(f"/coordination/patient/{patient.public_id}/chronologie/")
    thread = live_url(f"/coordination/patient/{patient.public_id}/messages/")

    # The machine running the suite may be shared and loaded: give pages time, assert the same.
    page.set_default_timeout(30_000)

    # 1. The coordinator logs a home visit, a call and an office visit (the form is fetched when
    #    asked for) and pins a vigilance note, shown in the record's header.
    _as(page, authenticated_page, coordinator).goto(timeline)
    for kind, body in (
        ("Visite à domicile", "Visite : <b>escaliers</b> difficiles"),
        ("Appel téléphonique", "Appel à la fille"),
        ("Entretien au bureau du réseau", "Reçue au bureau avec son fils"),
    ):
        page.get_by_text("Ajouter un appel, une visite, un entretien, une note").click()
        form = page.get_by_test_id("entry-form")
        form.get_by_label("Nature").select_option(label=kind)
        form.get_by_label("Contenu").fill(body)
        form.get_by_role("button", name="Ajouter à la chronologie").click()
        page.get_by_text("Entrée ajoutée à la chronologie.").wait_for()
    assert page.get_by_text("Visite : <b>escaliers</b> difficiles").is_visible()
    page.get_by_text("Gérer les points de vigilance").click()
    page.get_by_label("Point de vigilance").fill("Chien au domicile")
    page.get_by_role("button", name="Épingler").click()
    page.get_by_text("Point de vigilance épinglé.").wait_for()
    assert "Chien au domicile" in page.get_by_test_id("patient-banner").inner_text()
    assert_accessible(page)

    # 2. Completes a task.
    page.goto(live_url("/coordination/taches/"))
    page.get_by_role("button", name="Marquer « Rappeler la fille » comme faite").click()
    page.get_by_text("Tâche marquée comme faite.").wait_for()
    assert_accessible(page)

    # 3. Writes to the care team; the nurse logs in and answers.
    page.goto(thread)
    page.get_by_label("Message").fill("Pouvez-vous passer demain ?")
    page.get_by_role("button", name="Envoyer").click()
    page.get_by_text("Message envoyé.").wait_for()
    _as(page, authenticated_page, nurse).goto(live_url("/coordination/notifications/"))
    assert "1 notification non lue" in page.get_by_test_id("unread-count").inner_text()
    page.get_by_role("link", name="1 message non lu").click()
    assert page.get_by_text("Pouvez-vous passer demain ?").is_visible()
    assert "Chien au domicile" in page.get_by_test_id("vigilance").inner_text()
    page.get_by_label("Message").fill("Oui, à 9 h.")
    page.get_by_role("button", name="Envoyer").click()
    page.get_by_text("Message envoyé.").wait_for()
    assert_accessible(page)

    # 4. The hospital's social worker records an admission.
    _as(page, authenticated_page, social_worker).goto(
        live_url(f"/hopital/patient/{patient.public_id}/sejours/")
    )
    page.get_by_text("Signaler une entrée d'hospitalisation").click()
    page.get_by_label("Établissement").select_option(
        label=f"CHU de Nantes (FINESS {hospital.finess})"
    )
    page.get_by_label("Type de séjour").select_option("mco")
    page.get_by_label("Service").fill("Gériatrie")
    page.get_by_role("button", name="Enregistrer l'entrée").click()
    page.get_by_text("Entrée d'hospitalisation enregistrée").wait_for()
    assert_accessible(page)

    # 5. The coordinator is told, finds the discharge-planning tasks and downloads the sheet.
    _as(page, authenticated_page, coordinator).goto(live_url("/coordination/notifications/"))
    notes = page.get_by_test_id("notifications").inner_text()
    assert "Entrée d'hospitalisation" in notes and "Nouveau message" in notes
    page.goto(live_url("/coordination/taches/"))
    assert page.get_by_text("Préparer la sortie : Infirmier·e à domicile").is_visible()
    page.get_by_role(
        "button", name="Marquer « Préparer la sortie : Transport » comme faite"
    ).click()
    page.get_by_text("Tâche marquée comme faite.").wait_for()
    page.goto(live_url("/coordination/notifications/"))
    page.get_by_role("link", name="Entrée d'hospitalisation — ").first.click()
    with page.expect_download() as download:
        page.get_by_test_id("liaison-sheet").click()
    assert download.value.suggested_filename.startswith("fiche-liaison-")

    # 6. All of it shows on the timeline and the dashboard.
    page.goto(timeline)
    text = page.get_by_test_id("timeline").inner_text()
    for expected in (
        "Entrée d'hospitalisation",
        "Appel à la fille",
        "escaliers",
        "Reçue au bureau avec son fils",
    ):
        assert expected in text
    page.get_by_label("Nature").select_option(label="Entretien au bureau du réseau")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**kind=office_visit**")
    text = page.get_by_test_id("timeline").inner_text()
    assert "Reçue au bureau avec son fils" in text and "Appel à la fille" not in text
    page.goto(live_url("/tableau-de-bord/"))
    caseload = page.get_by_test_id("caseload").inner_text()
    assert "MARCHAND" in caseload.upper()
    # Last contact: today's calls and visits; next due item: the discharge planning.
    assert timezone.localdate().strftime("%d/%m/%Y") in caseload
    assert "Préparer la sortie" in caseload
    # The 7 planning tasks still open (one done) are this week's.
    assert "7 cette semaine" in page.get_by_test_id("coordinator-tasks").inner_text()
    assert_accessible(page)

    # 7. Plans a home visit from the record; it shows in the week's agenda.
    page.goto(timeline)
    page.get_by_role("link", name="Planifier un rendez-vous ou une visite").click()
    assert "MARCHAND" in page.get_by_test_id("agenda-patient").inner_text().upper()
    start = timezone.localtime().replace(hour=10)
    page.get_by_label("Nature").select_option(label="Visite à domicile")
    page.get_by_label("Début").fill(start.strftime("%Y-%m-%dT%H:00"))
    page.get_by_label("Fin").fill((start + timezone.timedelta(hours=1)).strftime("%Y-%m-%dT%H:00"))
    page.get_by_role("button", name="Ajouter", exact=True).click()
    page.get_by_text("Rendez-vous ajouté à l'agenda.").wait_for()
    assert "MARCHAND" in page.get_by_test_id("agenda").inner_text().upper()
    page.get_by_role("link", name="Vue semaine").click()
    page.wait_for_url("**vue=semaine**")
    assert page.locator("[data-testid=agenda] h2").count() == 7
    assert "MARCHAND" in page.get_by_test_id("agenda").inner_text().upper()
    assert_accessible(page)


def test_discharge_checklist_reassignment_and_digest(
    page, authenticated_page, live_url, coordinator, medical_lead, network, assert_accessible
):
    from maillage.hospital import services as hospital

    page.set_default_timeout(30_000)
    patient = PatientFactory(network=network, birth_name="LEROUX", first_names="Jeanne")
    EnrolmentFactory(patient=patient, lead_coordinator=coordinator)
    ConsentFactory(patient=patient, recorded_by=coordinator)
    stay = hospital.stay_admit(
        actor=coordinator,
        patient=patient,
        organisation=HospitalFactory(name="CH de Saint-Nazaire"),
        kind="smr",
        admitted_at=timezone.now() - timezone.timedelta(days=3),
    )

    # The coordinator names who arranges the home nurse, then records the discharge.
    _as(page, authenticated_page, coordinator).goto(live_url(f"/hopital/sejour/{stay.public_id}/"))
    page.get_by_label("Responsable de « Infirmier·e à domicile »").fill("Cabinet infirmier du port")
    page.get_by_role("row", name="Infirmier·e à domicile").get_by_role(
        "button", name="Enregistrer"
    ).click()
    page.get_by_text("Responsable enregistré.").wait_for()
    page.get_by_label("Sortie le").fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Enregistrer la sortie").click()
    page.get_by_text("Sortie enregistrée").wait_for()
    assert page.get_by_label("Responsable de « Infirmier·e à domicile »").input_value() == (
        "Cabinet infirmier du port"
    )
    assert_accessible(page)

    # The call-back task is handed to the medical lead, who is told.
    page.goto(live_url("/coordination/taches/"))
    task = page.locator("article.task", has_text="Rappeler le patient après sa sortie")
    task.get_by_label("Confier à").select_option(label=medical_lead.full_name)
    task.get_by_role("button", name="Confier").click()
    page.get_by_text("Tâche confiée.").wait_for()
    assert_accessible(page)

    # The coordinator asks for the neutral email digest.
    page.goto(live_url("/coordination/notifications/"))
    page.get_by_label("Recevoir un courriel récapitulatif").check()
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Préférence enregistrée.").wait_for()
    assert page.get_by_label("Recevoir un courriel récapitulatif").is_checked()

    _as(page, authenticated_page, medical_lead).goto(live_url("/coordination/notifications/"))
    assert "Tâche confiée" in page.get_by_test_id("notifications").inner_text()
    assert_accessible(page)
    from maillage.patients.models import Task

    assert Task.objects.get(origin="hospital.discharge_call_back").assignee == medical_lead
