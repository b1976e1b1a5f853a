"""Support-care personas: `provider` (an external user acting for a provider under convention
with network A), and the objects most tests need."""

from datetime import date
from decimal import Decimal

import pytest

from maillage.accounts.models import UserKind
from maillage.accounts.tests.factories import UserFactory
from maillage.supportcare.models import ProviderAccount
from maillage.supportcare.presets import cancer_pathway_line
from maillage.supportcare.tests.factories import ConventionFactory, ProviderFactory


@pytest.fixture
def support_provider(network):
    provider = ProviderFactory(network=network, kinds=["psychology", "dietetics"])
    ConventionFactory(provider=provider, starts_on=date(2025, 1, 1))
    return provider


@pytest.fixture
def provider(support_provider):
    """The external user who records sessions for `support_provider`."""
    user = UserFactory(kind=UserKind.EXTERNAL)
    ProviderAccount.objects.create(provider=support_provider, user=user)
    return user


@pytest.fixture
def other_provider(other_network):
    return ProviderFactory(network=other_network)


@pytest.fixture
def cancer_line(network, director):
    return cancer_pathway_line(
        actor=director, network=network, year=2026, budget=Decimal("18000.00")
    )


REFERRED_ON = date(2026, 6, 1)


@pytest.fixture
def covered_commune(network):
    """Nantes, in network A's territory for cancerology."""
    from maillage.networks.models import Coverage, Thematic
    from maillage.patients.tests.factories import CommuneFactory

    commune = CommuneFactory()
    thematic, _ = Thematic.objects.get_or_create(
        code="cancerologie", defaults={"label": "Cancérologie"}
    )
    Coverage.objects.get_or_create(network=network, thematic=thematic, commune=commune)
    return commune


@pytest.fixture
def sc_patient(network, coordinator, covered_commune):
    """A patient of network A who agreed to share (not enrolled: support care does not need it)."""
    from maillage.patients.tests.factories import ConsentFactory, PatientFactory

    kwargs = {"commune": covered_commune} if hasattr(PatientFactory._meta.model, "commune") else {}
    patient = PatientFactory(network=network, birth_date=date(1968, 4, 12), **kwargs)
    ConsentFactory(patient=patient, recorded_by=coordinator)
    return patient


def eligible_evidence(commune, **overrides) -> dict:
    from maillage.networks.models import Thematic

    evidence = {
        "thematic": Thematic.objects.get(code="cancerologie"),
        "diagnosis": "Cancer du sein, traitement terminé",
        "treatment_phase": "after_treatment",
        "treatment_ended_on": date(2026, 3, 10),
        "has_ald": True,
        "commune": commune,
        "prescriber_name": "Dr Fictif",
        "prescriber_role": "gp",
        "prescribed_on": date(2026, 5, 20),
    }
    evidence.update(overrides)
    return evidence


@pytest.fixture
def make_referral(cancer_line, support_provider, coordinator, covered_commune):
    from maillage.supportcare.services.referrals import referral_create

    def make(patient, *, kind="psychology", sessions=7, accept=True, line=None, **overrides):
        from maillage.supportcare.models import ReferralStatus
        from maillage.supportcare.services.referrals import referral_transition

        referral, _ = referral_create(
            actor=coordinator,
            patient=patient,
            funding_line=line or cancer_line,
            kind=kind,
            provider=support_provider,
            sessions_granted=sessions,
            referred_on=REFERRED_ON,
            **eligible_evidence(covered_commune, **overrides),
        )
        if accept:
            referral = referral_transition(
                actor=coordinator, referral=referral, to_status=ReferralStatus.ACCEPTED
            )
        return referral

    return make


@pytest.fixture
def referral(make_referral, sc_patient):
    return make_referral(sc_patient)
