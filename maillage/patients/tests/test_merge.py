"""Merging two records of the same person: everything moves, the merge can be undone."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from maillage.accounts.models import Role
from maillage.accounts.tests.factories import MembershipFactory
from maillage.audit.models import AuditEvent
from maillage.patients import selectors, services
from maillage.patients.duplicates import find_duplicates
from maillage.patients.merging import IGNORE, handler_for, patient_relations, unhandled_relations
from maillage.patients.models import (
    Carer,
    CareTeamMember,
    ClosureReason,
    Consent,
    Enrolment,
    JournalEntry,
    Patient,
    Task,
)
from maillage.patients.tests.factories import (
    CarerFactory,
    CareTeamMemberFactory,
    ConsentFactory,
    EnrolmentFactory,
    JournalEntryFactory,
    PatientFactory,
    ProfessionalFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db
BORN = datetime.date(1931, 11, 2)


@pytest.fixture
def referent(network):
    """The network's identitovigilance referent."""
    return MembershipFactory(network=network, role=Role.COORDINATOR, can_merge_identities=True).user


def test_every_relation_to_patient_has_a_merge_rule():
    """Walks Patient._meta.related_objects and fails on any relation the merge does not handle:
    an app adding a model that points at Patient must register its rule
    (maillage.patients.merging.register_merge_handler, from its AppConfig.ready())."""
    missing = [
        f"{rel.related_model._meta.label_lower}.{rel.field.name}"
        for rel in Patient._meta.related_objects
        if handler_for(rel.related_model._meta.label_lower, rel.field.name) is None
    ]
    assert missing == [], "Relations vers Patient sans règle de fusion : " + ", ".join(missing)
    assert ("patients.journalentry", "patient") in patient_relations()
    assert unhandled_relations() == []
    assert handler_for("patients.patientmerge", "kept") == IGNORE


def _full_record(network, coordinator, **identity):
    patient = PatientFactory(network=network, **identity)
    EnrolmentFactory(patient=patient, lead_coordinator=coordinator)
    ConsentFactory(patient=patient, recorded_by=coordinator)
    CarerFactory(patient=patient, is_trusted_person=True)
    CareTeamMemberFactory(patient=patient, role="nurse")
    JournalEntryFactory(patient=patient, author=coordinator)
    TaskFactory(patient=patient, assignee=coordinator)
    return patient


def test_a_merge_moves_everything_and_its_undo_puts_it_back(network, coordinator, referent):
    kept = _full_record(
        network, coordinator, birth_name="Lefèvre-Dubois", first_names="Éloïse", birth_date=BORN
    )
    absorbed = _full_record(
        network, coordinator, birth_name="LEFEVRE DUBOIS", first_names="Eloise", birth_date=BORN
    )
    gp = ProfessionalFactory()
    CareTeamMemberFactory(patient=kept, role="gp", professional=gp)
    CareTeamMemberFactory(patient=absorbed, role="gp", professional=gp)
    absorbed_rows = {
        model: set(model.objects.filter(patient=absorbed).values_list("pk", flat=True))
        for model in (Consent, Carer, CareTeamMember, Enrolment, JournalEntry, Task)
    }

    merge = services.patient_merge(actor=referent, kept=kept, absorbed=absorbed, reason="Doublon")

    for model in absorbed_rows:
        assert not model.objects.filter(patient=absorbed).exists(), model
    assert Enrolment.objects.filter(patient=kept, closed_on__isnull=True).count() == 1
    assert Enrolment.objects.filter(patient=kept, closed_reason=ClosureReason.MERGED).count() == 1
    assert Carer.objects.filter(patient=kept, is_trusted_person=True, ended_on=None).count() == 1
    assert CareTeamMember.objects.filter(patient=kept, role="gp", ended_on=None).count() == 1
    absorbed.refresh_from_db()
    assert absorbed.merged_into == kept
    assert AuditEvent.objects.filter(
        action="patients.patient.merged", patient_uuid=kept.public_id
    ).exists()
    assert absorbed.public_id in selectors.merged_uuids(kept)

    services.patient_merge_undo(actor=referent, merge=merge)

    for model, pks in absorbed_rows.items():
        assert set(model.objects.filter(patient=absorbed).values_list("pk", flat=True)) == pks
    assert Enrolment.objects.filter(patient=absorbed, closed_on__isnull=True).count() == 1
    assert Carer.objects.filter(patient=absorbed, is_trusted_person=True).count() == 1
    assert CareTeamMember.objects.filter(patient=absorbed, role="gp", ended_on=None).count() == 1
    absorbed.refresh_from_db()
    assert absorbed.merged_into is None
    assert AuditEvent.objects.filter(action="patients.merge.undone").count() == 2


@pytest.mark.parametrize(
    ("existing", "typed"),
    [
        (
            {"birth_name": "Lefèvre-Dubois", "first_names": "Éloïse"},
            {"birth_name": "LEFEVRE DUBOIS", "first_names": "Eloise"},
        ),
        (
            {"birth_name": "MARTIN", "used_name": "DURAND", "first_names": "Jeanne"},
            {"birth_name": "Durand", "first_names": "Jeanne"},
        ),
        (
            {"birth_name": "D'Almeida", "first_names": "Marie-Thérèse Anne"},
            {"birth_name": "Dalmeida", "first_names": "Marie Therese"},
        ),
        (
            {"birth_name": "BERNARD", "first_names": "Thomas"},
            {"birth_name": "Thomas", "first_names": "Bernard"},
        ),
    ],
    ids=["accents-hyphens", "used-name", "compound-first-names", "swapped"],
)
def test_tricky_duplicates_are_found_then_merged(network, coordinator, referent, existing, typed):
    first = PatientFactory(network=network, birth_date=BORN, **existing)
    second = PatientFactory(network=network, birth_date=BORN, **typed)
    JournalEntryFactory(patient=second, author=coordinator)
    found = find_duplicates(
        network=network,
        birth_date=BORN,
        birth_name=second.birth_name,
        used_name=second.used_name,
        first_names=second.first_names,
        exclude=second,
    )
    assert [c.patient for c in found] == [first]
    services.patient_merge(actor=referent, kept=first, absorbed=second)
    assert JournalEntry.objects.filter(patient=first).count() == 1
    assert (
        find_duplicates(
            network=network,
            birth_date=BORN,
            birth_name=first.birth_name,
            first_names="x",
            exclude=first,
        )
        == []
    )


def test_two_different_current_gps_must_be_sorted_out_first(network, referent):
    kept, absorbed = PatientFactory(network=network), PatientFactory(network=network)
    CareTeamMemberFactory(patient=kept, role="gp")
    CareTeamMemberFactory(patient=absorbed, role="gp")
    with pytest.raises(ValidationError, match="médecin traitant"):
        services.patient_merge(actor=referent, kept=kept, absorbed=absorbed)
    absorbed.refresh_from_db()
    assert absorbed.merged_into is None
    assert CareTeamMember.objects.filter(patient=absorbed).count() == 1


def test_merges_never_cross_networks(network, other_network, referent):
    with pytest.raises(ValidationError, match="même réseau"):
        services.patient_merge(
            actor=referent,
            kept=PatientFactory(network=network),
            absorbed=PatientFactory(network=other_network),
        )


def test_merging_needs_the_identity_merge_permission(network, coordinator):
    with pytest.raises(PermissionDenied):
        services.patient_merge(
            actor=coordinator,
            kept=PatientFactory(network=network),
            absorbed=PatientFactory(network=network),
        )


def test_a_merged_record_cannot_be_merged_again_and_undo_runs_once(network, referent):
    kept, absorbed = PatientFactory(network=network), PatientFactory(network=network)
    merge = services.patient_merge(actor=referent, kept=kept, absorbed=absorbed)
    with pytest.raises(ValidationError):
        services.patient_merge(actor=referent, kept=absorbed, absorbed=kept)
    services.patient_merge_undo(actor=referent, merge=merge)
    with pytest.raises(ValidationError, match="déjà été annulée"):
        services.patient_merge_undo(actor=referent, merge=merge)
    assert merge.created_at <= timezone.now()
