import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from maillage.accounts.models import Role
from maillage.accounts.tests.factories import MembershipFactory
from maillage.audit.models import AuditEvent
from maillage.patients import nir, services
from maillage.patients.locking import StaleEdit
from maillage.patients.models import (
    Carer,
    CareTeamMember,
    ConsentKind,
    ConsentScope,
    Enrolment,
    ExternalInvitation,
    IdentityStatus,
    JournalEntry,
    JournalKind,
    Patient,
)
from maillage.patients.tests.factories import (
    CarerFactory,
    CareTeamMemberFactory,
    EnrolmentFactory,
    PatientFactory,
    ProfessionalFactory,
)
from maillage.patients.wordings import current_wording

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def identity(**overrides):
    data = {
        "birth_name": "Lefèvre-Dubois",
        "used_name": "Martin",
        "first_names": "Éloïse Marie",
        "used_first_name": "Lise",
        "birth_date": datetime.date(1942, 5, 17),
        "sex": "F",
        "birth_insee_code": "44109",
        "birth_country": "France",
        "identity_status": IdentityStatus.PROVISIONAL,
        "identity_document": "",
        "declared_nir": "",
    }
    data.update(overrides)
    return data


def events(action):
    return AuditEvent.objects.filter(action=action)


# Identity --------------------------------------------------------------------------------------


def test_it_creates_a_record_with_normalised_search_names(network, coordinator):
    patient = services.patient_create(actor=coordinator, network=network, data=identity())
    assert patient.search_birth_name == "lefevre dubois"
    assert patient.search_first_names == "eloise marie lise"
    assert events("patients.patient.created").get().patient_uuid == patient.public_id


def test_it_stores_a_declared_nir_encrypted_and_digested(network, coordinator):
    number = nir.build(sex="F", birth_date=datetime.date(1942, 5, 17), place_code="44109", serial=7)
    patient = services.patient_create(
        actor=coordinator, network=network, data=identity(declared_nir=nir.formatted(number))
    )
    patient.refresh_from_db()
    assert patient.declared_nir == number
    assert patient.declared_nir_digest == nir.digest(number)
    assert patient.ins_matricule == ""  # a declared NIR is never an INS
    assert number not in str(events("patients.patient.created").get().details)


def test_it_refuses_a_nir_contradicting_the_traits_and_saves_nothing(network, coordinator):
    number = nir.build(sex="M", birth_date=datetime.date(1942, 5, 17), place_code="44109", serial=7)
    with pytest.raises(ValidationError) as info:
        services.patient_create(
            actor=coordinator, network=network, data=identity(declared_nir=number)
        )
    assert "declared_nir" in info.value.message_dict
    assert not Patient.objects.exists()


def test_it_refuses_statuses_reserved_to_insi(network, coordinator):
    for status in (IdentityStatus.RETRIEVED, IdentityStatus.QUALIFIED):
        with pytest.raises(ValidationError, match="INSi"):
            services.patient_create(
                actor=coordinator,
                network=network,
                data=identity(identity_status=status, identity_document="cni"),
            )
    assert not Patient.objects.exists()


def test_it_refuses_a_birth_date_in_the_future(network, coordinator):
    with pytest.raises(ValidationError, match="futur"):
        services.patient_create(
            actor=coordinator,
            network=network,
            data=identity(birth_date=TODAY() + datetime.timedelta(days=1)),
        )


def test_a_rectification_is_audited_field_by_field(network, coordinator):
    patient = PatientFactory(network=network, birth_name="DURAND")
    services.patient_update(
        actor=coordinator,
        patient=patient,
        data={"birth_name": "DURANT", "phone": "06 00 00 00 00"},
        expected_version=patient.version,
    )
    event = events("patients.patient.rectified").get()
    assert event.details["fields"]["birth_name"] == ["DURAND", "DURANT"]
    assert "phone" in event.details["fields"]
    patient.refresh_from_db()
    assert patient.version == 2
    assert patient.search_birth_name == "durant"


def test_the_second_of_two_concurrent_saves_is_refused(network, coordinator, medical_lead):
    patient = PatientFactory(network=network, phone="")
    opened_at = patient.version
    services.patient_update(
        actor=coordinator, patient=patient, data={"phone": "02 11"}, expected_version=opened_at
    )
    with pytest.raises(StaleEdit) as info:
        services.patient_update(
            actor=medical_lead, patient=patient, data={"phone": "02 22"}, expected_version=opened_at
        )
    rows = info.value.differences({"phone": "02 22"})
    assert rows == [{"label": "Téléphone", "saved": "02 11", "mine": "02 22"}]
    patient.refresh_from_db()
    assert patient.phone == "02 11"


def test_validating_an_identity_records_who_and_the_document(network, coordinator):
    patient = PatientFactory(network=network)
    services.patient_update(
        actor=coordinator,
        patient=patient,
        data={"identity_status": IdentityStatus.VALIDATED, "identity_document": "passeport"},
        expected_version=patient.version,
    )
    patient.refresh_from_db()
    assert patient.identity_validated_by == coordinator
    assert events("patients.identity.validated").count() == 1


def test_traits_from_insi_are_not_changed_by_hand(network, coordinator):
    patient = PatientFactory(
        network=network,
        birth_name="PETIT",
        identity_status=IdentityStatus.QUALIFIED,
        identity_document="cni",
    )
    services.patient_update(
        actor=coordinator,
        patient=patient,
        data={"birth_name": "GRAND", "phone": "02 33"},
        expected_version=patient.version,
    )
    patient.refresh_from_db()
    assert (patient.birth_name, patient.phone) == ("PETIT", "02 33")


# Consent ---------------------------------------------------------------------------------------


def test_consent_keeps_the_wording_version_and_hash(followed_patient, coordinator):
    consent = services.consent_record(
        actor=coordinator,
        patient=followed_patient,
        kind=ConsentKind.SHARING,
        method="signed",
        given_on=TODAY(),
    )
    wording = current_wording(ConsentKind.SHARING)
    assert (consent.wording_version, consent.wording_hash) == (wording.version, wording.sha256)
    assert len(consent.wording_hash) == 64


def test_an_objection_aimed_at_members_needs_members_of_this_record(followed_patient, coordinator):
    other = CareTeamMemberFactory(role="nurse")
    with pytest.raises(ValidationError):
        services.consent_record(
            actor=coordinator,
            patient=followed_patient,
            kind=ConsentKind.OBJECTION,
            method="oral",
            given_on=TODAY(),
            scope=ConsentScope.MEMBERS,
            members=[],
        )
    with pytest.raises(ValidationError, match="n'appartiennent pas"):
        services.consent_record(
            actor=coordinator,
            patient=followed_patient,
            kind=ConsentKind.OBJECTION,
            method="oral",
            given_on=TODAY(),
            scope=ConsentScope.MEMBERS,
            members=[other],
        )


def test_a_withdrawal_is_recorded_once(followed_patient, coordinator):
    consent = followed_patient.consents.get()
    services.consent_withdraw(actor=coordinator, consent=consent, note="Changement d'avis")
    with pytest.raises(ValidationError):
        services.consent_withdraw(actor=coordinator, consent=consent)
    assert events("patients.consent.withdrawn").count() == 1


# Carers ----------------------------------------------------------------------------------------


def test_only_one_current_person_of_trust(followed_patient, coordinator):
    CarerFactory(patient=followed_patient, is_trusted_person=True)
    with pytest.raises(ValidationError, match="personne de confiance"):
        services.carer_add(
            actor=coordinator,
            patient=followed_patient,
            data={"last_name": "Autre", "relationship": "child", "is_trusted_person": True},
        )
    assert Carer.objects.count() == 1


def test_a_carer_edit_is_optimistically_locked(followed_patient, coordinator):
    carer = CarerFactory(patient=followed_patient)
    services.carer_update(actor=coordinator, carer=carer, data={"phone": "01"}, expected_version=1)
    with pytest.raises(StaleEdit):
        services.carer_update(
            actor=coordinator, carer=carer, data={"phone": "02"}, expected_version=1
        )


# Care team -------------------------------------------------------------------------------------


def test_a_second_current_gp_is_refused_with_a_french_message(followed_patient, coordinator):
    services.care_team_member_add(
        actor=coordinator,
        patient=followed_patient,
        role="gp",
        professional=ProfessionalFactory(),
        started_on=TODAY(),
    )
    with pytest.raises(ValidationError) as info:
        services.care_team_member_add(
            actor=coordinator,
            patient=followed_patient,
            role="gp",
            professional=ProfessionalFactory(),
            started_on=TODAY(),
        )
    assert "médecin traitant" in info.value.message_dict["role"][0]
    assert CareTeamMember.objects.filter(role="gp").count() == 1


def test_member_categories_default_to_the_matrix_and_are_never_widened(
    followed_patient, coordinator
):
    member = services.care_team_member_add(
        actor=coordinator,
        patient=followed_patient,
        role="home_help",
        professional=ProfessionalFactory(),
        started_on=TODAY(),
    )
    assert "medical" not in member.categories
    assert set(member.categories) == {"identity", "contact", "social"}
    with pytest.raises(ValidationError, match="ne peut pas voir"):
        services.care_team_member_update(
            actor=coordinator,
            member=member,
            data={"categories": ["identity", "medical"]},
            expected_version=member.version,
        )


def test_an_end_before_the_start_is_refused(followed_patient, coordinator):
    member = CareTeamMemberFactory(patient=followed_patient, role="nurse")
    with pytest.raises(ValidationError) as info:
        services.care_team_member_end(
            actor=coordinator,
            member=member,
            ended_on=member.started_on - datetime.timedelta(days=1),
            end_reason="care_ended",
            expected_version=member.version,
        )
    assert "ended_on" in info.value.message_dict
    member.refresh_from_db()
    assert member.ended_on is None


# Enrolment -------------------------------------------------------------------------------------


def test_enrolment_history_is_kept_on_re_enrolment(network, coordinator):
    patient = PatientFactory(network=network)
    first = services.enrolment_open(
        actor=coordinator,
        patient=patient,
        lead_coordinator=coordinator,
        started_on=TODAY() - datetime.timedelta(days=100),
    )
    services.enrolment_close(
        actor=coordinator,
        enrolment=first,
        closed_on=TODAY() - datetime.timedelta(days=10),
        closed_reason="stabilised",
        expected_version=first.version,
    )
    services.enrolment_open(
        actor=coordinator, patient=patient, lead_coordinator=coordinator, started_on=TODAY()
    )
    assert Enrolment.objects.filter(patient=patient).count() == 2
    assert JournalEntry.objects.filter(patient=patient, kind=JournalKind.EVENT).count() == 3


def test_the_lead_must_be_a_coordinator_of_the_network(network, coordinator, reception):
    patient = PatientFactory(network=network)
    with pytest.raises(ValidationError) as info:
        services.enrolment_open(
            actor=coordinator, patient=patient, lead_coordinator=reception, started_on=TODAY()
        )
    assert "lead_coordinator" in info.value.message_dict


def test_a_closure_before_the_start_is_refused(followed_patient, coordinator):
    enrolment = followed_patient.enrolments.get()
    with pytest.raises(ValidationError) as info:
        services.enrolment_close(
            actor=coordinator,
            enrolment=enrolment,
            closed_on=enrolment.started_on - datetime.timedelta(days=1),
            closed_reason="death",
            expected_version=enrolment.version,
        )
    assert "closed_on" in info.value.message_dict


# Journal and tasks -----------------------------------------------------------------------------


def test_journal_entry_add_is_keyword_only_and_audited(followed_patient, coordinator):
    with pytest.raises(TypeError):
        services.journal_entry_add(coordinator, followed_patient, "call", "x")  # type: ignore[misc]
    entry = services.journal_entry_add(
        actor=coordinator,
        patient=followed_patient,
        kind=JournalKind.CALL,
        body="Appel de la fille : chute hier soir.",
        rupture_tag="rupture",
    )
    correction = services.journal_entry_add(
        actor=coordinator,
        patient=followed_patient,
        kind=JournalKind.CALL,
        body="Appel du fils (et non de la fille).",
        corrects=entry,
    )
    assert correction.corrects == entry
    assert events("patients.journal.entry_added").filter(target_uuid=entry.public_id).exists()


def test_an_automatic_entry_needs_no_author(followed_patient):
    entry = services.journal_entry_add(
        actor=None,
        patient=followed_patient,
        kind=JournalKind.EVENT,
        body="Entrée en hospitalisation signalée.",
        source="hospital.stay",
    )
    assert entry.author is None


def test_a_task_goes_to_a_member_of_the_network(
    followed_patient, coordinator, coordinator_other_network
):
    task = services.task_create(
        actor=coordinator,
        network=followed_patient.network,
        assignee=coordinator,
        patient=followed_patient,
        title="Rappeler l'infirmière",
        due_on=TODAY(),
    )
    assert task.assignee == coordinator
    with pytest.raises(ValidationError) as info:
        services.task_create(
            actor=coordinator,
            network=followed_patient.network,
            assignee=coordinator_other_network,
            title="Hors réseau",
        )
    assert "assignee" in info.value.message_dict
    services.task_complete(actor=coordinator, task=task, expected_version=task.version)
    task.refresh_from_db()
    assert task.done_by == coordinator


# External invitations --------------------------------------------------------------------------


def test_an_invitation_is_single_use_and_names_no_patient(followed_patient, coordinator):
    member = CareTeamMemberFactory(patient=followed_patient, role="nurse")
    invitation, token = services.external_invite(
        actor=coordinator,
        network=followed_patient.network,
        professional=member.professional,
        email="Infirmiere@Exemple.fr",
    )
    assert invitation.email == "infirmiere@exemple.fr"
    validity = invitation.expires_at - invitation.created_at
    assert abs(validity - datetime.timedelta(hours=72)) < datetime.timedelta(seconds=5)
    assert token not in invitation.token_hash
    message = mail.outbox[-1]
    assert token in message.body
    assert followed_patient.birth_name not in message.body
    user = services.external_invitation_accept(
        invitation=invitation, password="un-mot-de-passe-long"
    )
    assert user.check_password("un-mot-de-passe-long")
    with pytest.raises(ValidationError):
        services.external_invitation_accept(invitation=invitation, password="un-autre-mot-de-passe")


def test_a_new_invitation_revokes_the_previous_one(followed_patient, coordinator):
    member = CareTeamMemberFactory(patient=followed_patient, role="nurse")
    first, _ = services.external_invite(
        actor=coordinator,
        network=followed_patient.network,
        professional=member.professional,
        email="idel@exemple.fr",
    )
    services.external_invite(
        actor=coordinator,
        network=followed_patient.network,
        professional=member.professional,
        email="idel@exemple.fr",
    )
    first.refresh_from_db()
    assert not first.is_usable
    assert ExternalInvitation.objects.filter(revoked_at__isnull=True).count() == 1


def test_only_care_team_professionals_are_invited(network, coordinator, director):
    with pytest.raises(ValidationError, match="équipe de soins"):
        services.external_invite(
            actor=coordinator,
            network=network,
            professional=ProfessionalFactory(),
            email="x@exemple.fr",
        )
    member = CareTeamMemberFactory(patient=PatientFactory(network=network), role="gp")
    with pytest.raises(ValidationError, match="salarié"):
        services.external_invite(
            actor=coordinator,
            network=network,
            professional=member.professional,
            email=director.email,
        )


def test_an_expired_invitation_is_refused(followed_patient, coordinator):
    member = CareTeamMemberFactory(patient=followed_patient, role="nurse")
    invitation, _ = services.external_invite(
        actor=coordinator,
        network=followed_patient.network,
        professional=member.professional,
        email="idel@exemple.fr",
    )
    sent_at = timezone.now() - datetime.timedelta(hours=73)
    ExternalInvitation.objects.filter(pk=invitation.pk).update(
        created_at=sent_at, expires_at=sent_at + datetime.timedelta(hours=72)
    )
    invitation.refresh_from_db()
    with pytest.raises(ValidationError):
        services.external_invitation_accept(invitation=invitation, password="un-mot-de-passe-long")


def test_enrolment_lead_can_be_the_medical_lead(network, medical_lead, coordinator):
    patient = PatientFactory(network=network)
    MembershipFactory(network=network, role=Role.COORDINATOR)
    enrolment = services.enrolment_open(
        actor=coordinator, patient=patient, lead_coordinator=medical_lead, started_on=TODAY()
    )
    assert enrolment.lead_coordinator == medical_lead
    assert EnrolmentFactory._meta.model is Enrolment
