import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.audit.models import AuditEvent
from maillage.coordination.models import Appointment, Message, Notification
from maillage.coordination.services import appointment_create, notify
from maillage.patients.models import JournalEntry, Task
from maillage.patients.tests.factories import (
    EnrolmentFactory,
    JournalEntryFactory,
    PatientFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _timeline(patient):
    return reverse("coordination:timeline", args=[patient.public_id])


def _entry(kind="call", body="Appel de suivi", **extra):
    return {
        "kind": kind,
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "title": "",
        "body": body,
        "participants": "",
        "duration_minutes": "",
        "confidentiality": "care_team",
        "rupture_tag": "",
        **extra,
    }


def test_it_works_for_the_coordinator(client_for, coordinator, followed_patient):
    JournalEntryFactory(patient=followed_patient, author=coordinator, body="Visite faite")
    response = client_for(coordinator).get(_timeline(followed_patient))
    assert response.status_code == 200
    assert "Visite faite" in response.content.decode()
    assert AuditEvent.objects.filter(
        action="patients.patient.viewed", details__tab="chronologie"
    ).exists()


@pytest.mark.parametrize(
    "persona", ["network_admin", "coordinator_other_network", "external_outside"]
)
def test_it_checks_access(client_for, request, persona, followed_patient):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert client.get(_timeline(followed_patient)).status_code == 404
    refused = client.post(_timeline(followed_patient), _entry())
    assert refused.status_code == 404
    assert "Page introuvable" in refused.content.decode()
    assert "vous n'y avez pas accès" in refused.content.decode()
    assert (
        client.get(reverse("coordination:thread", args=[followed_patient.public_id])).status_code
        == 404
    )
    assert not JournalEntry.objects.exists()


@pytest.mark.parametrize("name", ["coordination:timeline", "coordination:thread", "hospital:stays"])
def test_anonymous_is_sent_to_login_from_the_record(client, followed_patient, name):
    response = client.get(reverse(name, args=[followed_patient.public_id]))
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


@pytest.mark.parametrize(
    "name", ["coordination:my_tasks", "coordination:inbox", "coordination:agenda"]
)
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


def test_a_row_shows_every_part_of_its_entry(client_for, coordinator, followed_patient):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from maillage.coordination.services import timeline_entry_add
    from maillage.files.models import StoredFile
    from maillage.files.tests import samples

    timeline_entry_add(
        actor=coordinator,
        patient=followed_patient,
        attachment=SimpleUploadedFile("cr.pdf", samples.pdf(), "application/pdf"),
        kind="visit",
        occurred_at=timezone.now(),
        title="Visite à domicile",
        body="Première ligne\nSeconde <ligne>",
        participants="Fille de la patiente",
        duration_minutes=45,
        confidentiality="care_team",
        rupture_tag="rupture",
    )
    JournalEntryFactory(patient=followed_patient, author=None, kind="event", body="Sans auteur")
    content = client_for(coordinator).get(_timeline(followed_patient)).content.decode()
    stored = StoredFile.objects.get()
    assert "Visite à domicile" in content and "· 45 min" in content
    assert '<span class="badge badge-alert">Rupture de parcours</span>' in content
    assert "Première ligne<br>Seconde &lt;ligne&gt;" in content
    assert "Participants : Fille de la patiente" in content
    download = reverse("files:download", kwargs={"public_id": stored.public_id})
    assert f'<a href="{download}">Pièce jointe : cr.pdf</a>' in content
    assert "· automatique ·" in content
    # A row without a rupture tag has no badge (the choices' "Aucune" is not shown).
    assert 'badge-alert">Aucune</span>' not in content


def test_html_in_an_entry_is_shown_as_text(client_for, coordinator, followed_patient):
    client = client_for(coordinator)
    response = client.post(_timeline(followed_patient), _entry(body=XSS))
    assert response.status_code == 302
    content = client.get(_timeline(followed_patient)).content.decode()
    assert "<script>alert" not in content and "&lt;script&gt;" in content


def test_the_care_team_nurse_adds_a_visit(client_for, home_nurse, followed_patient):
    client = client_for(home_nurse)
    assert (
        client.post(_timeline(followed_patient), _entry(kind="visit", body="Pansement")).status_code
        == 302
    )
    assert JournalEntry.objects.get().author == home_nurse


def test_an_office_visit_is_logged_and_filtered(client_for, coordinator, followed_patient):
    client = client_for(coordinator)
    form = client.get(reverse("coordination:timeline_form", args=[followed_patient.public_id]))
    assert '<option value="office_visit">Entretien au bureau du réseau</option>' in (
        form.content.decode()
    )
    response = client.post(
        _timeline(followed_patient),
        _entry(kind="office_visit", body="Reçue avec sa fille", duration_minutes="45"),
    )
    assert response.status_code == 302
    entry = JournalEntry.objects.get()
    assert (entry.kind, entry.author, entry.duration_minutes) == ("office_visit", coordinator, 45)
    JournalEntryFactory(patient=followed_patient, author=coordinator, kind="visit", body="Domicile")
    content = client.get(_timeline(followed_patient), {"kind": "office_visit"}).content.decode()
    assert "Entretien au bureau du réseau" in content
    assert "Reçue avec sa fille" in content and "Domicile" not in content
    assert '<option value="office_visit" selected>' in content


def test_an_office_visit_is_the_caseloads_last_contact(coordinator, followed_patient, network):
    from maillage.coordination.selectors import caseload

    now = timezone.now()
    JournalEntryFactory(
        patient=followed_patient,
        author=coordinator,
        kind="call",
        occurred_at=now - datetime.timedelta(days=20),
    )
    JournalEntryFactory(
        patient=followed_patient,
        author=coordinator,
        kind="office_visit",
        occurred_at=now - datetime.timedelta(days=2),
    )
    # A later note is not a contact.
    JournalEntryFactory(patient=followed_patient, author=coordinator, kind="note", occurred_at=now)
    (row,) = caseload(coordinator, network)
    assert row.last_contact == now - datetime.timedelta(days=2)


def test_the_filters_keep_to_kind_and_author(
    client_for, coordinator, medical_lead, followed_patient
):
    JournalEntryFactory(patient=followed_patient, author=coordinator, kind="call", body="Appel A")
    JournalEntryFactory(patient=followed_patient, author=medical_lead, kind="note", body="Note B")
    content = (
        client_for(coordinator).get(_timeline(followed_patient), {"kind": "call"}).content.decode()
    )
    assert "Appel A" in content and "Note B" not in content


def test_the_timeline_of_2000_entries_costs_a_bounded_number_of_queries(
    client_for, coordinator, followed_patient, django_assert_max_num_queries
):
    now = timezone.now()
    JournalEntry.objects.bulk_create(
        JournalEntry(
            patient=followed_patient,
            network=followed_patient.network,
            kind="call",
            author=coordinator,
            occurred_at=now - datetime.timedelta(minutes=i),
            body=f"Appel {i}",
        )
        for i in range(2000)
    )
    client = client_for(coordinator)
    # Session, user, patient, authors, entries, the audit write (SQLite: savepoint, head, insert,
    # release; PostgreSQL: savepoint, audit_append, release), vigilance, consents (their members
    # when there are some), enrolment, GP.
    with django_assert_max_num_queries(14):
        response = client.get(_timeline(followed_patient))
    assert response.content.decode().count('class="journal-entry"') == 50
    cursor = response.context["page"].next_cursor
    with django_assert_max_num_queries(14):
        second = client.get(_timeline(followed_patient), {"apres": cursor})
    assert "Appel 50<" in second.content.decode()


def test_my_tasks_sorts_and_completes(client_for, coordinator, followed_patient):
    today = timezone.localdate()
    late = TaskFactory(
        patient=followed_patient,
        assignee=coordinator,
        title="En retard",
        due_on=today - datetime.timedelta(days=2),
    )
    TaskFactory(patient=followed_patient, assignee=coordinator, title="Du jour", due_on=today)
    client = client_for(coordinator)
    response = client.get(reverse("coordination:my_tasks"))
    assert [t.title for t in response.context["overdue"]] == ["En retard"]
    assert [t.title for t in response.context["today"]] == ["Du jour"]
    client.post(
        reverse("coordination:task_complete", args=[late.public_id]), {"version": late.version}
    )
    late.refresh_from_db()
    assert late.done_by == coordinator


def test_a_task_cannot_be_handed_outside_the_network(
    client_for, coordinator, coordinator_other_network, followed_patient
):
    task = TaskFactory(patient=followed_patient, assignee=coordinator)
    response = client_for(coordinator).post(
        reverse("coordination:task_reassign", args=[task.public_id]),
        {"assignee": str(coordinator_other_network.public_id)},
        follow=True,
    )
    assert "choisissez une personne de l&#x27;équipe du réseau" in response.content.decode()
    task.refresh_from_db()
    assert task.assignee == coordinator


def test_a_task_cannot_be_created_for_someone_outside_the_network(
    client_for, coordinator, coordinator_other_network, followed_patient
):
    response = client_for(coordinator).post(
        reverse("patients:tasks", args=[followed_patient.public_id]),
        {"title": "Appeler", "assignee": coordinator_other_network.pk, "priority": "normal"},
    )
    assert response.status_code == 200
    assert "« Confiée à » : choisissez une des valeurs proposées." in (
        response.content.decode().replace("&#x27;", "'")
    )
    assert not Task.objects.exists()
    assert not Notification.objects.exists()


def test_another_networks_task_is_404(
    client_for, coordinator_other_network, coordinator, followed_patient
):
    task = TaskFactory(patient=followed_patient, assignee=coordinator)
    client = client_for(coordinator_other_network)
    assert (
        client.post(
            reverse("coordination:task_complete", args=[task.public_id]), {"version": 1}
        ).status_code
        == 404
    )


@pytest.mark.parametrize("persona", ["reception", "network_admin", "external_outside"])
def test_my_tasks_is_refused_to_other_roles(client_for, request, persona):
    assert (
        client_for(request.getfixturevalue(persona))
        .get(reverse("coordination:my_tasks"))
        .status_code
        == 404
    )


def test_the_thread_between_coordinator_and_nurse(
    client_for, coordinator, home_nurse, followed_patient
):
    url = reverse("coordination:thread", args=[followed_patient.public_id])
    client_for(coordinator).post(url, {"body": XSS})
    nurse = client_for(home_nurse)
    inbox = nurse.get(reverse("coordination:inbox")).content.decode()
    assert 'data-testid="unread-count">1 notification' in inbox
    content = nurse.get(url).content.decode()
    assert "&lt;script&gt;" in content and "<script>alert" not in content
    nurse.post(url, {"body": "Bien reçu"})
    assert Message.objects.count() == 2
    assert Notification.objects.filter(user=coordinator, kind="message").count() == 1
    # Every read and every post is audited.
    assert AuditEvent.objects.filter(
        action="patients.patient.viewed", details__tab="messages", actor_uuid=home_nurse.public_id
    ).exists()
    assert AuditEvent.objects.filter(action="coordination.message.posted").count() == 2


@pytest.mark.parametrize(
    ("persona", "seen"),
    [
        ("home_nurse", {"Pour l'équipe de soins"}),
        ("coordinator", {"Pour l'équipe de soins", "Pour le réseau"}),
        ("medical_lead", {"Pour l'équipe de soins", "Pour le réseau", "Pour les médecins"}),
    ],
)
def test_the_timeline_shows_each_viewer_what_their_role_may_read(
    client_for, request, persona, seen, coordinator, medical_lead, followed_patient
):
    request.getfixturevalue("home_nurse")  # in the care team for every case
    for confidentiality, body in (
        ("care_team", "Pour l'équipe de soins"),
        ("network_staff", "Pour le réseau"),
        ("medical", "Pour les médecins"),
    ):
        JournalEntryFactory(
            patient=followed_patient,
            author=medical_lead,
            confidentiality=confidentiality,
            body=body,
        )
    response = client_for(request.getfixturevalue(persona)).get(_timeline(followed_patient))
    content = response.content.decode().replace("&#x27;", "'")
    shown = ("Pour l'équipe de soins", "Pour le réseau", "Pour les médecins")
    assert {b for b in shown if b in content} == seen


def test_a_message_attachment_reaches_the_care_team_only(
    client_for,
    coordinator,
    home_nurse,
    coordinator_other_network,
    external_outside,
    followed_patient,
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from maillage.files.models import StoredFile
    from maillage.files.tests import samples

    url = reverse("coordination:thread", args=[followed_patient.public_id])
    pdf = SimpleUploadedFile("ordonnance.pdf", samples.pdf(), "application/pdf")
    response = client_for(coordinator).post(url, {"body": "Ordonnance jointe", "attachment": pdf})
    assert response.status_code == 302
    stored = StoredFile.objects.get(owner_type="coordination.message")
    assert stored.owner_public_id == Message.objects.get().public_id
    assert AuditEvent.objects.get(action="coordination.message.posted").details["attachment"]
    content = client_for(home_nurse).get(url).content.decode()
    download = reverse("files:download", kwargs={"public_id": stored.public_id})
    assert download in content and "Pièce jointe : ordonnance.pdf" in content
    assert client_for(home_nurse).get(download).status_code == 200
    for outsider in (coordinator_other_network, external_outside):
        assert client_for(outsider).get(download).status_code == 404


def test_a_refused_message_attachment_sends_nothing(
    client_for, coordinator, home_nurse, followed_patient
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("coordination:thread", args=[followed_patient.public_id])
    page = SimpleUploadedFile("page.html", b"<html><script>alert(1)</script></html>", "text/html")
    response = client_for(coordinator).post(url, {"body": "Voir la pièce", "attachment": page})
    assert response.status_code == 200
    assert "Ce fichier est une page web : il n&#x27;est pas accepté." in (response.content.decode())
    assert not Message.objects.exists()
    assert not Notification.objects.filter(user=home_nurse).exists()


def test_my_tasks_buckets_this_week(coordinator, followed_patient):
    from maillage.coordination.selectors import my_tasks

    wednesday = datetime.date(2026, 11, 25)
    for title, due in (
        ("Lundi", datetime.date(2026, 11, 23)),
        ("Mercredi", wednesday),
        ("Dimanche", datetime.date(2026, 11, 29)),
        ("Lundi suivant", datetime.date(2026, 11, 30)),
        ("Sans date", None),
    ):
        TaskFactory(patient=followed_patient, assignee=coordinator, title=title, due_on=due)
    buckets = my_tasks(coordinator, followed_patient.network, today=wednesday)
    titles = {name: [t.title for t in rows] for name, rows in buckets.items()}
    assert titles == {
        "overdue": ["Lundi"],
        "today": ["Mercredi"],
        "week": ["Dimanche"],
        "undated": ["Sans date"],
    }


def test_the_inbox_marks_read(client_for, coordinator, followed_patient):
    notify(
        user=coordinator,
        network=followed_patient.network,
        kind="consent_withdrawn",
        patient=followed_patient,
        link="/",
    )
    client = client_for(coordinator)
    client.post(reverse("coordination:inbox"), {"action": "read"})
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_the_agenda_and_its_neutral_ics(client_for, coordinator, followed_patient):
    from maillage.networks.tests.factories import ThematicFactory

    thematic = ThematicFactory(code="soins-palliatifs", label="Soins palliatifs")
    followed_patient.network.thematics.add(thematic)
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(hours=1)
    for kind in ("home_visit", "office_visit"):
        appointment_create(
            actor=coordinator,
            network=followed_patient.network,
            kind=kind,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            patient=followed_patient,
            place="12 rue des Lilas",
            note="Soins palliatifs : point sur la douleur",
        )
    client = client_for(coordinator)
    day = client.get(
        reverse("coordination:agenda"), {"vue": "semaine", "jour": timezone.localdate().isoformat()}
    )
    assert followed_patient.display_name in day.content.decode()
    ics = client.get(reverse("coordination:agenda_ics"))
    assert ics["Content-Disposition"].startswith("attachment")
    body = ics.content.decode()
    assert body.count("BEGIN:VEVENT") == 2
    assert "SUMMARY:Visite" in body and "SUMMARY:Entretien" in body
    for secret in (
        followed_patient.birth_name,
        followed_patient.first_names,
        "Lilas",
        "palliatif",
        "douleur",
        followed_patient.network.name,
        "LOCATION",
        "DESCRIPTION",
    ):
        assert secret.lower() not in body.lower()
    assert AuditEvent.objects.filter(action="coordination.agenda.exported").count() == 1


def test_the_agenda_has_a_day_and_a_week_view(client_for, coordinator, followed_patient):
    today = timezone.localdate()
    wednesday = today + datetime.timedelta(days=7 - today.weekday() + 2)
    tz = timezone.get_current_timezone()

    def at(day, hour):
        return datetime.datetime.combine(day, datetime.time(hour), tzinfo=tz)

    thursday = wednesday + datetime.timedelta(days=1)
    for day, place in ((wednesday, "Salle A"), (thursday, "Salle B")):
        appointment_create(
            actor=coordinator,
            network=followed_patient.network,
            kind="office_visit",
            starts_at=at(day, 10),
            ends_at=at(day, 11),
            patient=followed_patient,
            place=place,
        )
    client = client_for(coordinator)
    url = reverse("coordination:agenda")
    day = client.get(url, {"vue": "jour", "jour": wednesday.isoformat()})
    assert [d["day"] for d in day.context["grid"]] == [wednesday]
    content = day.content.decode()
    assert "10:00–11:00 · Entretien au bureau du réseau" in content
    assert "Salle A" in content and "Salle B" not in content
    assert f"jour={thursday.isoformat()}" in content  # "Suivant"
    week = client.get(url, {"vue": "semaine", "jour": wednesday.isoformat()})
    grid = week.context["grid"]
    assert [d["day"].weekday() for d in grid] == list(range(7))
    assert [len(d["items"]) for d in grid] == [0, 0, 1, 1, 0, 0, 0]
    content = week.content.decode()
    assert "Salle A" in content and "Salle B" in content
    assert followed_patient.display_name in content


def test_an_appointment_ending_before_it_starts_is_refused(client_for, coordinator):
    now = timezone.localtime()
    response = client_for(coordinator).post(
        reverse("coordination:agenda"),
        {
            "kind": "appointment",
            "starts_at": now.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert "« Fin » doit être après « Début »" in response.content.decode()
    assert not Appointment.objects.exists()


def test_the_coordinator_dashboard_is_bounded(
    client_for, coordinator, network, django_assert_max_num_queries
):
    def load(n):
        for _ in range(n):
            patient = PatientFactory(network=network)
            EnrolmentFactory(patient=patient, lead_coordinator=coordinator)
            JournalEntryFactory(patient=patient, author=coordinator)
            TaskFactory(patient=patient, assignee=coordinator, due_on=timezone.localdate())

    load(3)
    client = client_for(coordinator)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("coordination:panel", args=["coordination"])
    assert url in client.get(reverse("core:dashboard")).content.decode()
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    load(57)
    with django_assert_max_num_queries(len(small.captured_queries)):
        content = client.get(url).content.decode()
    assert content.count('<tr><td><a href="/coordination/patient/') == 60
    assert len(small.captured_queries) <= 4


def test_the_coordinator_panel_counts_tasks_and_unread_notifications(
    client_for, coordinator, director, followed_patient, network
):
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    for due_on in (today - 3 * day, today - day, today, today + 2 * day, today + 30 * day, None):
        TaskFactory(patient=followed_patient, assignee=coordinator, due_on=due_on)
    TaskFactory(
        patient=followed_patient,
        assignee=coordinator,
        due_on=today,
        done_at=timezone.now(),
        done_by=coordinator,
    )
    TaskFactory(patient=followed_patient, assignee=director, due_on=today - day)
    for user, read_at in ((coordinator, None), (coordinator, None), (coordinator, timezone.now())):
        Notification.objects.create(user=user, network=network, kind="message", read_at=read_at)
    Notification.objects.create(user=director, network=network, kind="message")
    content = client_for(coordinator).get(reverse("coordination:panel", args=["coordination"]))
    content = content.content.decode()
    assert "2 en retard, 1 aujourd'hui, 1 cette semaine" in content
    assert "2 notifications non lues" in content


def test_the_director_dashboard_shows_caseloads_and_ruptures(
    client_for, director, coordinator, followed_patient, network, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from maillage.accounts.tests.factories import MembershipFactory

    JournalEntryFactory(patient=followed_patient, author=coordinator, rupture_tag="rupture")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for due_on, done in ((yesterday, False), (yesterday, True), (timezone.localdate(), False)):
        TaskFactory(
            patient=followed_patient,
            assignee=coordinator,
            origin="careplans.pps.review",
            due_on=due_on,
            done_at=timezone.now() if done else None,
            done_by=coordinator if done else None,
        )
    client = client_for(director)
    url = reverse("coordination:panel", args=["direction"])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(5):
        other = MembershipFactory(network=network, role="coordinator", fte="0.5").user
        EnrolmentFactory(patient=PatientFactory(network=network), lead_coordinator=other)
    with django_assert_max_num_queries(len(small.captured_queries)):
        content = client.get(url).content.decode()
    assert "signalés (12 mois) : 1" in content
    assert "Réévaluations en retard : 1<" in content  # late and not done only
    assert content.count("<td>0,50</td><td>1</td><td>2,0</td>") == 5


@pytest.mark.parametrize(
    ("persona", "kind"),
    [
        ("reception", "coordination"),
        ("coordinator", "direction"),
        ("director", "accueil"),
        ("coordinator", "notifications"),
        ("network_admin", "coordination"),
    ],
)
def test_a_panel_of_another_role_is_404(client_for, request, persona, kind):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("coordination:panel", args=[kind])).status_code == 404


def test_the_reception_panel_lists_the_days_items(client_for, reception, followed_patient):
    TaskFactory(
        patient=followed_patient,
        assignee=reception,
        title="Rappeler M. X",
        due_on=timezone.localdate(),
    )
    from maillage.intake.tests.factories import SupportRequestFactory

    today = SupportRequestFactory(network=followed_patient.network)
    old = SupportRequestFactory(
        network=followed_patient.network,
        received_at=timezone.now() - datetime.timedelta(days=2),
    )
    content = (
        client_for(reception).get(reverse("coordination:panel", args=["accueil"])).content.decode()
    )
    assert "Rappeler M. X" in content
    assert today.receipt_number in content and old.receipt_number not in content
    assert today.person_birth_name not in content  # numbers, never names, on the dashboard


def test_the_reception_panel_is_bounded(
    client_for, reception, followed_patient, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from maillage.intake.tests.factories import SupportRequestFactory

    def load(n):
        for i in range(n):
            TaskFactory(
                patient=followed_patient,
                assignee=reception,
                title=f"Rappel {i}",
                due_on=timezone.localdate(),
            )
            SupportRequestFactory(network=followed_patient.network)

    load(1)
    client = client_for(reception)
    url = reverse("coordination:panel", args=["accueil"])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    load(15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        content = client.get(url).content.decode()
    assert content.count("<li>Rappel ") == 16
    assert "Demandes reçues aujourd'hui (16)" in content
    assert len(small.captured_queries) <= 10


def test_vigilance_notes_show_on_every_tab_of_the_record(
    client_for, coordinator, home_nurse, followed_patient
):
    from maillage.coordination.services import vigilance_note_add

    vigilance_note_add(actor=coordinator, patient=followed_patient, text="Chien <b>méchant</b>")
    for client in (client_for(coordinator), client_for(home_nurse)):
        for name in ("patients:detail", "coordination:thread", "coordination:timeline"):
            response = client.get(reverse(name, args=[followed_patient.public_id]))
            banner = response.content.decode().split('data-testid="patient-banner"')[1]
            banner = banner.split("</section>")[0]
            assert "Vigilance : Chien &lt;b&gt;méchant&lt;/b&gt;" in banner, name


def test_an_ended_vigilance_note_leaves_the_header(client_for, coordinator, followed_patient):
    from maillage.coordination.services import vigilance_note_add

    note = vigilance_note_add(actor=coordinator, patient=followed_patient, text="Boîte à clés")
    client = client_for(coordinator)
    client.post(
        reverse("coordination:vigilance_end", args=[followed_patient.public_id, note.public_id])
    )
    content = client.get(reverse("patients:detail", args=[followed_patient.public_id]))
    assert "Boîte à clés" not in content.content.decode()


def test_the_entry_form_is_fetched_on_demand(client_for, coordinator, followed_patient):
    client = client_for(coordinator)
    page = client.get(_timeline(followed_patient)).content.decode()
    url = reverse("coordination:timeline_form", args=[followed_patient.public_id])
    assert f'hx-get="{url}"' in page
    assert 'name="body"' not in page  # no form widget on the timeline itself
    fragment = client.get(url).content.decode()
    assert 'name="body"' in fragment and "<html" not in fragment
    # Without JavaScript the link opens the page with the form.
    assert 'name="body"' in client.get(_timeline(followed_patient), {"ajouter": 1}).content.decode()


@pytest.mark.parametrize(
    "persona", ["network_admin", "coordinator_other_network", "external_outside", "director"]
)
def test_the_entry_form_is_refused_to_who_may_not_write(
    client_for, request, persona, followed_patient
):
    url = reverse("coordination:timeline_form", args=[followed_patient.public_id])
    assert client_for(request.getfixturevalue(persona)).get(url).status_code == 404


def test_the_entry_form_sends_the_anonymous_to_login(client, followed_patient):
    url = reverse("coordination:timeline_form", args=[followed_patient.public_id])
    response = client.get(url)
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


def test_the_author_filter_uses_public_ids_and_refuses_others(
    client_for, coordinator, medical_lead, followed_patient
):
    JournalEntryFactory(patient=followed_patient, author=coordinator, kind="call", body="Appel A")
    JournalEntryFactory(patient=followed_patient, author=medical_lead, kind="note", body="Note B")
    client = client_for(coordinator)
    content = client.get(
        _timeline(followed_patient), {"author": str(medical_lead.public_id)}
    ).content.decode()
    assert "Note B" in content and "Appel A" not in content
    wrong = client.get(_timeline(followed_patient), {"author": "x", "since": "2026-13-45"})
    text = wrong.content.decode()
    assert "« Auteur » : choisissez une des valeurs proposées." in text
    assert "« Du » : saisissez une date valide" in text


def test_the_period_filter_keeps_the_days_asked_for(client_for, coordinator, followed_patient):
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    for days, body in ((40, "Ancien appel"), (10, "Appel du mois"), (0, "Appel du jour")):
        JournalEntryFactory(
            patient=followed_patient,
            author=coordinator,
            occurred_at=datetime.datetime.combine(
                today - datetime.timedelta(days=days), datetime.time(9), tzinfo=tz
            ),
            body=body,
        )
    client = client_for(coordinator)
    since = (today - datetime.timedelta(days=20)).isoformat()
    until = (today - datetime.timedelta(days=1)).isoformat()
    content = client.get(
        _timeline(followed_patient), {"since": since, "until": until}
    ).content.decode()
    assert "Appel du mois" in content
    assert "Ancien appel" not in content and "Appel du jour" not in content
    backwards = client.get(_timeline(followed_patient), {"since": until, "until": since})
    assert "« Au » doit être après « Du »." in backwards.content.decode().replace("&#x27;", "'")


def test_an_appointment_is_planned_from_the_record(client_for, coordinator, followed_patient):
    client = client_for(coordinator)
    timeline = client.get(_timeline(followed_patient)).content.decode()
    link = f"/coordination/agenda/?patient={followed_patient.public_id}#ajouter"
    assert link in timeline
    page = client.get(reverse("coordination:agenda"), {"patient": followed_patient.public_id})
    assert followed_patient.display_name in page.content.decode()
    start = timezone.localtime().replace(second=0, microsecond=0) + datetime.timedelta(hours=2)
    client.post(
        reverse("coordination:agenda"),
        {
            "kind": "home_visit",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "patient": str(followed_patient.public_id),
        },
    )
    assert Appointment.objects.get().patient == followed_patient
    assert AuditEvent.objects.filter(
        action="coordination.agenda.viewed", details__patients=[str(followed_patient.public_id)]
    ).exists()


def test_an_appointment_about_another_networks_patient_is_404(
    client_for, coordinator_other_network, followed_patient
):
    client = client_for(coordinator_other_network)
    url = reverse("coordination:agenda")
    assert client.get(url, {"patient": followed_patient.public_id}).status_code == 404
    assert client.get(url, {"patient": "pas-un-uuid"}).status_code == 404
    now = timezone.localtime()
    response = client.post(
        url,
        {
            "kind": "appointment",
            "starts_at": now.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (now + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "patient": str(followed_patient.public_id),
        },
    )
    assert response.status_code == 404
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("persona", ["reception", "director", "network_admin", "external_outside"])
def test_the_agenda_is_refused_to_other_roles(client_for, request, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("coordination:agenda")).status_code == 404
    assert client.get(reverse("coordination:agenda_ics")).status_code == 404


def test_the_personal_pages_are_bounded(
    client_for, coordinator, medical_lead, followed_patient, django_assert_max_num_queries
):
    """My tasks, the inbox, the patient's thread and the week's agenda: the same number of
    queries with 2 rows or 30."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from maillage.coordination.services import message_post

    def load(n):
        now = timezone.now()
        for i in range(n):
            TaskFactory(patient=followed_patient, assignee=coordinator, due_on=timezone.localdate())
            notify(user=coordinator, network=followed_patient.network, kind="message", link="/")
            message_post(
                actor=medical_lead, patient=followed_patient, body=f"Message {i}", recipients=[]
            )
            start = now + datetime.timedelta(hours=i % 5, minutes=i)
            appointment_create(
                actor=coordinator,
                network=followed_patient.network,
                kind="home_visit",
                starts_at=start,
                ends_at=start + datetime.timedelta(minutes=30),
                patient=followed_patient,
            )

    client = client_for(coordinator)
    urls = [
        reverse("coordination:my_tasks"),
        reverse("coordination:inbox"),
        reverse("coordination:thread", args=[followed_patient.public_id]),
        reverse("coordination:agenda") + "?vue=semaine",
    ]
    load(2)
    small = {}
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        small[url] = len(ctx.captured_queries)
    load(28)
    for url in urls:
        with django_assert_max_num_queries(small[url]):
            assert client.get(url).status_code == 200, url
    assert max(small.values()) <= 30  # the thread: PostgreSQL adds the audit lock, savepoints


def test_vigilance_notes_are_refused_to_other_roles_and_networks(
    client_for, coordinator, director, coordinator_other_network, home_nurse, followed_patient
):
    from maillage.coordination.models import VigilanceNote
    from maillage.coordination.services import vigilance_note_add

    note = vigilance_note_add(
        actor=coordinator, patient=followed_patient, text="Clés chez la voisine"
    )
    add = reverse("coordination:vigilance_add", args=[followed_patient.public_id])
    end = reverse("coordination:vigilance_end", args=[followed_patient.public_id, note.public_id])
    for user in (director, coordinator_other_network, home_nurse):
        client = client_for(user)
        assert client.post(add, {"text": "X"}).status_code == 404
        assert client.post(end).status_code == 404
    assert VigilanceNote.objects.filter(ended_at__isnull=True).count() == 1
    response = client_for(coordinator).post(add, {"text": ""}, follow=True)
    assert "« Point de vigilance » est obligatoire" in response.content.decode()


def test_a_notification_opens_only_for_its_owner(client_for, coordinator, medical_lead, network):
    notification = notify(user=coordinator, network=network, kind="message", link="/taches/")
    url = reverse("coordination:open_notification", args=[notification.public_id])
    assert client_for(medical_lead).get(url).status_code == 404
    response = client_for(coordinator).get(url)
    assert response.status_code == 302 and response["Location"] == "/taches/"
    notification.refresh_from_db()
    assert notification.read_at is not None
