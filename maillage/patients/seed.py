"""Demo patients (fictional, Faker fr_FR) in every state, and a bulk path for `--scale regional`.

Demo: each identity status, doubtful and fictitious identities, legal protection, every consent
situation (agreement, global and targeted objection, reuse objection, withdrawal), carers and
persons of trust, care teams with and without a GP (the demo GP and nurse accounts are linked to
directory professionals and see their patients), enrolments open, closed for each reason and
re-opened, journal entries of every kind and confidentiality, tasks, a pair of tricky duplicates
and one merge. Written through the services, so the demo audit trail reads like real use.

Regional: about 200,000 patients spread over the networks with `bulk_create` (batches, no audit
event per row), for benchmarks. Never run it in tests.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from faker import Faker

from maillage.accounts.models import Membership, Role, User, UserKind
from maillage.core.models import Commune
from maillage.core.text import normalise
from maillage.directory.models import Organisation, Professional, Source
from maillage.patients import nir, services
from maillage.patients.models import (
    ClosureReason,
    Confidentiality,
    ConsentKind,
    ConsentScope,
    ExternalProfile,
    IdentityStatus,
    JournalKind,
    LegalProtection,
    Patient,
    RuptureTag,
    TaskPriority,
)

REGIONAL_PATIENTS = 200_000
DEMO_GP_EMAIL = "medecin.traitant@demo.maillage.fr"
DEMO_NURSE_EMAIL = "infirmiere@demo.maillage.fr"
DEMO_SOCIAL_WORKER_EMAIL = "assistante.sociale@demo.maillage.fr"
NIR_OID = "1.2.250.1.213.1.4.8"


def _professional(last: str, first: str, profession: str) -> Professional:
    pro = Professional.objects.filter(search_name=normalise(f"{last} {first}")).first()
    if pro is None:
        pro = Professional.objects.create(
            source=Source.MANUAL,
            last_name=last,
            first_name=first,
            search_name=normalise(f"{last} {first}"),
            profession=profession,
            practice_civility="Docteur" if profession == "Médecin" else "",
        )
    return pro


def _link_account(email: str, professional: Professional) -> None:
    user = User.objects.filter(email=email, kind=UserKind.EXTERNAL).first()
    if user is not None and not ExternalProfile.objects.filter(user=user).exists():
        ExternalProfile.objects.get_or_create(professional=professional, defaults={"user": user})


class _Demo:
    """Shared state of the demo seed: who acts, which directory rows, a deterministic Faker."""

    def __init__(self, ctx, network):
        self.ctx = ctx
        self.network = network
        self.fake = Faker("fr_FR")
        self.fake.seed_instance(5)
        self.today = timezone.localdate()
        leads = list(
            User.objects.filter(
                memberships__network=network,
                memberships__is_active=True,
                memberships__role__in=[Role.COORDINATOR, Role.MEDICAL_LEAD],
            ).order_by("email")
        )
        self.coordinator = next((u for u in leads if u.email.startswith("coordination@")), leads[0])
        self.leads = leads
        self.communes = list(Commune.objects.filter(is_current=True, cog_type="COM")[:40])
        self.gp = _professional("GENERALISTE", "Antoine", "Médecin")
        self.nurse = _professional("SOINS", "Julie", "Infirmier")
        _link_account(DEMO_GP_EMAIL, self.gp)
        _link_account(DEMO_NURSE_EMAIL, self.nurse)
        self.social_worker = User.objects.filter(email=DEMO_SOCIAL_WORKER_EMAIL).first()
        self.doctors = list(
            Professional.objects.filter(is_active=True, profession="Médecin").exclude(
                pk=self.gp.pk
            )[:20]
        ) or [_professional("MEDECIN", "Claire", "Médecin")]
        self.home_help = Organisation.objects.filter(is_active=True).first()
        self.thematics = list(network.thematics.all())
        self.serial = 0

    def days_ago(self, days: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days)

    def patient(self, *, sex=None, status=IdentityStatus.PROVISIONAL, with_nir=True, **extra):
        fake = self.fake
        sex = sex or fake.random_element(["F", "M"])
        birth_date = extra.pop("birth_date", None) or fake.date_between(
            datetime.date(1928, 1, 1), datetime.date(1975, 12, 31)
        )
        commune = self.communes[self.serial % len(self.communes)] if self.communes else None
        self.serial += 1
        number = ""
        if with_nir:
            place = commune.insee_code if commune else "44109"
            number = nir.build(sex=sex, birth_date=birth_date, place_code=place, serial=self.serial)
        data = {
            "birth_name": fake.last_name().upper(),
            "used_name": "",
            "first_names": " ".join(
                (fake.first_name_female if sex == "F" else fake.first_name_male)()
                for _ in range(fake.random_int(1, 3))
            ),
            "used_first_name": "",
            "birth_date": birth_date,
            "sex": sex,
            "birth_insee_code": commune.insee_code if commune else "44109",
            "birth_country": "France",
            "identity_status": IdentityStatus.PROVISIONAL
            if status != IdentityStatus.VALIDATED
            else status,
            "identity_document": "cni" if status == IdentityStatus.VALIDATED else "",
            "declared_nir": number,
            "address": fake.street_address(),
            "postal_code": (commune.postal_code_list or [""])[0] if commune else "",
            "commune": commune,
            "phone": "02 40 " + " ".join(f"{fake.random_int(10, 99)}" for _ in range(3)),
        }
        data.update(extra)
        patient = services.patient_create(actor=self.coordinator, network=self.network, data=data)
        if status in (IdentityStatus.RETRIEVED, IdentityStatus.QUALIFIED):
            # What the INSi teleservice would return (simulated: the teleservice is a later issue).
            patient.identity_status = status
            patient.identity_document = "cni" if status == IdentityStatus.QUALIFIED else ""
            if status == IdentityStatus.QUALIFIED:
                patient.ins_matricule = number
                patient.ins_oid = NIR_OID
                patient.ins_digest = nir.digest(number)
            patient.save()
        return patient

    def follow(self, patient, *, lead=None, days=120, gp=True, consent=True):
        enrolment = services.enrolment_open(
            actor=self.coordinator,
            patient=patient,
            lead_coordinator=lead or self.coordinator,
            started_on=self.days_ago(days),
            thematics=self.thematics[:1],
        )
        if consent:
            services.consent_record(
                actor=self.coordinator,
                patient=patient,
                kind=ConsentKind.SHARING,
                method="oral",
                given_on=self.days_ago(days),
            )
        if gp:
            services.care_team_member_add(
                actor=self.coordinator,
                patient=patient,
                role="gp",
                professional=gp if isinstance(gp, Professional) else self.gp,
                started_on=self.days_ago(days + 300),
                is_referent=True,
            )
        return enrolment

    def journal(self, patient, days: int, kind=JournalKind.CALL, **extra):
        when = timezone.now() - datetime.timedelta(days=days, hours=self.fake.random_int(1, 8))
        return services.journal_entry_add(
            actor=extra.pop("author", self.coordinator),
            patient=patient,
            kind=kind,
            occurred_at=when,
            body=extra.pop("body", self.fake.paragraph(nb_sentences=3)),
            **extra,
        )


def _rich_record(demo: _Demo):
    """The showcase: everything a followed patient's record can hold."""
    patient = demo.patient(
        sex="F",
        status=IdentityStatus.VALIDATED,
        birth_name="LEFÈVRE-DUBOIS",
        used_name="MARTIN",
        first_names="Éloïse Marie",
        used_first_name="Lise",
        birth_date=datetime.date(1938, 4, 3),
    )
    demo.follow(patient, days=200)
    services.care_team_member_add(
        actor=demo.coordinator,
        patient=patient,
        role="nurse",
        professional=demo.nurse,
        started_on=demo.days_ago(180),
    )
    if demo.home_help is not None:
        services.care_team_member_add(
            actor=demo.coordinator,
            patient=patient,
            role="home_help",
            organisation=demo.home_help,
            started_on=demo.days_ago(150),
        )
    if demo.social_worker is not None:
        services.care_team_member_add(
            actor=demo.coordinator,
            patient=patient,
            role="social_worker",
            external_user=demo.social_worker,
            started_on=demo.days_ago(90),
        )
    services.carer_add(
        actor=demo.coordinator,
        patient=patient,
        data={
            "last_name": "Martin",
            "first_name": "Claire",
            "relationship": "child",
            "is_carer": True,
            "is_main_carer": True,
            "is_trusted_person": True,
            "phone": "06 12 34 56 78",
        },
    )
    services.carer_add(
        actor=demo.coordinator,
        patient=patient,
        data={
            "last_name": "Martin",
            "first_name": "Jacques",
            "relationship": "spouse",
            "is_carer": True,
            "lives_with_patient": True,
            "is_emergency_contact": True,
            "phone": "02 40 11 22 33",
        },
    )
    demo.journal(
        patient, 190, JournalKind.VISIT, title="Évaluation à domicile", duration_minutes=90
    )
    demo.journal(
        patient,
        60,
        JournalKind.MEETING,
        title="Concertation pluriprofessionnelle",
        participants="Dr Généraliste, IDEL, coordinatrice",
        rupture_tag=RuptureTag.UNMET_NEED,
        body="Pas de place en accueil de jour sur le secteur : besoin non couvert signalé.",
    )
    demo.journal(
        patient,
        45,
        JournalKind.OFFICE_VISIT,
        title="Entretien avec la fille au bureau du réseau",
        participants="Claire Martin (fille)",
        duration_minutes=45,
    )
    demo.journal(patient, 20, confidentiality=Confidentiality.MEDICAL, title="Avis médical")
    demo.journal(patient, 3, confidentiality=Confidentiality.NETWORK_STAFF, title="Note interne")
    services.task_create(
        actor=demo.coordinator,
        network=demo.network,
        assignee=demo.coordinator,
        patient=patient,
        title="Préparer la réévaluation du plan",
        due_on=demo.days_ago(-14),
        priority=TaskPriority.HIGH,
    )
    done = services.task_create(
        actor=demo.coordinator,
        network=demo.network,
        assignee=demo.coordinator,
        patient=patient,
        title="Appeler le SSIAD",
        due_on=demo.days_ago(10),
    )
    services.task_complete(actor=demo.coordinator, task=done, expected_version=done.version)
    return patient


def _states(demo: _Demo) -> dict:
    made = {"showcase": _rich_record(demo)}
    made["not_enrolled"] = demo.patient()
    made["retrieved"] = demo.patient(status=IdentityStatus.RETRIEVED)
    made["qualified"] = demo.patient(status=IdentityStatus.QUALIFIED)
    demo.follow(made["qualified"], gp=demo.doctors[0])
    made["doubtful"] = demo.patient(is_doubtful=True, with_nir=False)
    made["fictitious"] = demo.patient(is_fictitious=True, with_nir=False)
    made["no_gp"] = demo.patient(status=IdentityStatus.VALIDATED)
    demo.follow(made["no_gp"], gp=False)
    made["guardianship"] = demo.patient(
        legal_protection=LegalProtection.GUARDIANSHIP,
        legal_representative_name="UDAF 44 (mandataire judiciaire, fictif)",
        legal_representative_contact="02 40 00 00 44",
    )
    demo.follow(made["guardianship"], gp=demo.doctors[-1])
    made["global_objection"] = demo.patient()
    demo.follow(made["global_objection"])
    services.consent_record(
        actor=demo.coordinator,
        patient=made["global_objection"],
        kind=ConsentKind.OBJECTION,
        method="oral",
        given_on=demo.days_ago(5),
    )
    made["objection_to_gp"] = demo.patient()
    demo.follow(made["objection_to_gp"])
    gp_member = made["objection_to_gp"].care_team.get(role="gp")
    services.consent_record(
        actor=demo.coordinator,
        patient=made["objection_to_gp"],
        kind=ConsentKind.OBJECTION,
        method="signed",
        given_on=demo.days_ago(2),
        scope=ConsentScope.MEMBERS,
        members=[gp_member],
    )
    made["reuse_objection"] = demo.patient()
    demo.follow(made["reuse_objection"], gp=demo.doctors[0])
    services.consent_record(
        actor=demo.coordinator,
        patient=made["reuse_objection"],
        kind=ConsentKind.REUSE_OBJECTION,
        method="oral",
        given_on=demo.days_ago(30),
    )
    made["withdrawn_objection"] = demo.patient()
    demo.follow(made["withdrawn_objection"])
    objection = services.consent_record(
        actor=demo.coordinator,
        patient=made["withdrawn_objection"],
        kind=ConsentKind.OBJECTION,
        method="oral",
        given_on=demo.days_ago(40),
    )
    services.consent_withdraw(actor=demo.coordinator, consent=objection, note="Change d'avis.")
    for reason in [r for r in ClosureReason if r != ClosureReason.MERGED]:
        patient = demo.patient()
        enrolment = demo.follow(patient, days=400, gp=demo.doctors[len(made) % len(demo.doctors)])
        services.enrolment_close(
            actor=demo.coordinator,
            enrolment=enrolment,
            closed_on=demo.days_ago(30),
            closed_reason=reason,
            expected_version=enrolment.version,
        )
        made[f"closed_{reason}"] = patient
    reenrolled = made["closed_stabilised"]
    services.enrolment_open(
        actor=demo.coordinator,
        patient=reenrolled,
        lead_coordinator=demo.leads[-1],
        started_on=demo.days_ago(7),
    )
    made["reenrolled"] = reenrolled
    return made


def _duplicates(demo: _Demo) -> Patient:
    """A pair of tricky duplicates to merge in the demo, and one merge already done."""
    born = datetime.date(1947, 2, 11)
    first = demo.patient(
        birth_name="N'DIAYE", first_names="Marie-Thérèse", birth_date=born, sex="F"
    )
    demo.patient(birth_name="NDIAYE", first_names="Marie Therese Awa", birth_date=born, sex="F")
    referent = Membership.objects.filter(
        network=demo.network, user=demo.coordinator, is_active=True
    ).first()
    if referent is not None and not referent.can_merge_identities:
        referent.can_merge_identities = True
        referent.save(update_fields=["can_merge_identities"])
    kept = demo.patient(birth_name="DA SILVA", first_names="José", sex="M")
    absorbed = demo.patient(
        birth_name="DASILVA", first_names="Jose", sex="M", birth_date=kept.birth_date
    )
    demo.journal(absorbed, 15, body="Appel reçu sur le dossier en double.")
    services.patient_merge(
        actor=demo.coordinator, kept=kept, absorbed=absorbed, reason="Doublon de saisie (démo)."
    )
    return first


def _caseload(demo: _Demo, count: int = 40) -> None:
    for n in range(count):
        patient = demo.patient(
            status=IdentityStatus.VALIDATED if n % 3 else IdentityStatus.PROVISIONAL
        )
        demo.follow(
            patient,
            lead=demo.leads[n % len(demo.leads)],
            days=demo.fake.random_int(10, 700),
            gp=demo.doctors[n % len(demo.doctors)],
        )
        demo.journal(patient, demo.fake.random_int(1, 9))


def seed(ctx) -> None:
    if ctx.scale == "regional":
        from maillage.patients.seed_regional import seed_regional, seed_regional_journal

        seed_regional(ctx, REGIONAL_PATIENTS)
        seed_regional_journal(ctx)
        return
    network = ctx.networks["main"]
    if Patient.objects.filter(network=network).exists():
        ctx.log("Patients : déjà présents, rien à ajouter.")
        return
    demo = _Demo(ctx, network)
    states = _states(demo)
    states["duplicate"] = _duplicates(demo)
    _caseload(demo)
    other = ctx.networks.get("other")
    if (
        other is not None
        and Membership.objects.filter(network=other, role=Role.COORDINATOR).exists()
    ):
        other_demo = _Demo(ctx, other)
        for _ in range(5):
            other_demo.follow(other_demo.patient(), gp=other_demo.doctors[0])
    ctx.data["patients"] = states
    ctx.log(
        f"Patients : {Patient.objects.filter(network=network).count()} dossiers dans "
        f"{network.name} (tous les états), le médecin traitant de démonstration voit les siens."
    )
