"""Demo data for support care: two funding lines (the national cancer pathway, whose figures
and sources are in `presets.py`, and an ARS/FIR line), providers under convention with their
bank details approved by a second person, then referrals and sessions for demo patients.
Everyone is fictional (Faker fr_FR); IBANs are made-up numbers with a valid check key."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone
from faker import Faker
from stdnum import iban as stdnum_iban

from maillage.core.text import normalise
from maillage.directory.models import Organisation, Professional
from maillage.networks.models import Thematic
from maillage.supportcare.models import (
    ActKind,
    Funder,
    FundingLine,
    Provider,
    ProviderAccount,
    SupportKind,
    TreatmentCondition,
)
from maillage.supportcare.presets import cancer_pathway_line
from maillage.supportcare.services import providers as provider_services
from maillage.supportcare.services.funding import (
    LimitSpec,
    PriceSpec,
    funding_line_create,
    rule_version_create,
)

PSY, DIET, APA = SupportKind.PSYCHOLOGY, SupportKind.DIETETICS, SupportKind.APA
SOPHRO, AESTH = SupportKind.SOPHROLOGY, SupportKind.SOCIO_AESTHETICS


def fictional_iban(rng) -> str:
    bban = "".join(str(rng.randint(0, 9)) for _ in range(23))
    return "FR" + stdnum_iban.calc_check_digits("FR00" + bban) + bban


def _fir_line(ctx, network, director, year: int) -> FundingLine:
    thematic = Thematic.objects.get(code="cancerologie")
    line = funding_line_create(
        actor=director,
        network=network,
        name=f"FIR soins de support en cancérologie {year}",
        funder=Funder.ARS_FIR,
        funder_name="ARS (fictive) — fonds d'intervention régional",
        reference=f"Avenant CPOM {year} (fictif)",
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
        budget=Decimal("6000.00"),
        alert_percent=75,
    )
    rule_version_create(
        actor=director,
        line=line,
        valid_from=date(year, 1, 1),
        thematic=thematic,
        treatment_condition=TreatmentCondition.IN_OR_AFTER,
        after_treatment_months=12,
        requires_coverage=True,
        requires_prescription=False,
        requires_ald=False,
        prescriber_roles=[],
        amount_cap=Decimal("400.00"),
        entitlement_months=None,
        source="Règles fictives de démonstration.",
        prices=[
            PriceSpec(PSY, ActKind.SESSION, Decimal("50.00")),
            PriceSpec(SOPHRO, ActKind.SESSION, Decimal("40.00")),
            PriceSpec(AESTH, ActKind.SESSION, Decimal("35.00")),
            PriceSpec(APA, ActKind.SESSION, Decimal("20.00")),
        ],
        limits=[
            LimitSpec((PSY,), "", 8),
            LimitSpec((SOPHRO,), "", 6),
            LimitSpec((AESTH,), "", 4),
            LimitSpec((APA,), "", 12),
        ],
    )
    return line


def _provider(
    ctx, network, staff, *, kinds, places, professional=None, organisation=None, email: str
) -> Provider:
    coordinator, director = staff
    provider = provider_services.provider_create(
        actor=coordinator,
        network=network,
        kinds=kinds,
        professional=professional,
        organisation=organisation,
        email=email,
        phone="02 40 00 00 00",
        is_active=True,
    )
    provider_services.convention_add(
        actor=coordinator,
        provider=provider,
        signed_on=date(timezone.localdate().year - 1, 12, 1),
        starts_on=date(timezone.localdate().year - 1, 12, 1),
        ends_on=None,
        reference=f"CONV-{provider.pk:03d}",
    )
    for name, address in places:
        provider_services.place_add(
            actor=coordinator, provider=provider, name=name, address=address
        )
    change = provider_services.bank_change_request(
        actor=coordinator,
        provider=provider,
        iban=fictional_iban(ctx.rng),
        account_holder=provider.name,
    )
    provider_services.bank_change_approve(actor=director, change=change)
    return provider


def _professional(first: str, last: str, profession: str) -> Professional:
    return Professional.objects.create(
        first_name=first,
        last_name=last.upper(),
        profession=profession,
        search_name=normalise(f"{last} {first}"),
    )


def seed(ctx) -> None:
    network = ctx.networks["main"]
    if FundingLine.objects.filter(network=network).exists():
        ctx.log("Soins de support : déjà présents.")
        return
    director = ctx.users["direction@demo.maillage.fr"]
    coordinator = ctx.users["coordination@demo.maillage.fr"]
    staff = (coordinator, director)
    year = timezone.localdate().year
    cancer = cancer_pathway_line(
        actor=director,
        network=network,
        year=year,
        budget=Decimal("9000.00"),
        funder_name="ARS (fictive) — parcours national",
    )
    fir = _fir_line(ctx, network, director, year)
    fake = Faker("fr_FR")
    fake.seed_instance(20261123)
    psy_user = ctx.users.get("psychologue@demo.maillage.fr")
    psy = _provider(
        ctx,
        network,
        staff,
        kinds=[PSY],
        email="psychologue@demo.maillage.fr",
        professional=_professional(
            psy_user.first_name if psy_user else "Marc",
            psy_user.last_name if psy_user else "Soutien",
            "Psychologue",
        ),
        places=[("Cabinet de psychologie", "3 rue Fictive, Nantes")],
    )
    if psy_user is not None:
        ProviderAccount.objects.get_or_create(provider=psy, user=psy_user)
    diet = _provider(
        ctx,
        network,
        staff,
        kinds=[DIET],
        email="dietetique@cabinet.example",
        professional=_professional(fake.first_name_female(), fake.last_name(), "Diététicien"),
        places=[("Maison de santé (fictive)", "8 place Imaginaire, Rezé")],
    )
    apa = _provider(
        ctx,
        network,
        staff,
        kinds=[APA],
        email="contact@sport-sante.example",
        organisation=Organisation.objects.create(
            name="Association Sport Santé Estuaire (fictive)",
            search_name=normalise("Association Sport Santé Estuaire"),
            city="Saint-Herblain",
        ),
        places=[("Salle municipale (fictive)", "Rue du Stade, Saint-Herblain")],
    )
    sophro = _provider(
        ctx,
        network,
        staff,
        kinds=[SOPHRO, AESTH],
        email="bien-etre@cabinet.example",
        professional=_professional(fake.first_name_female(), fake.last_name(), "Sophrologue"),
        places=[("Espace bien-être (fictif)", "12 allée Inventée, Nantes")],
    )
    ctx.data["supportcare"] = {
        "cancer": cancer,
        "fir": fir,
        "providers": {PSY: psy, DIET: diet, APA: apa, SOPHRO: sophro, AESTH: sophro},
    }
    ctx.log(f"Soins de support : 2 lignes de financement, 4 intervenants ({psy.name}…).")
    try:
        from maillage.supportcare.seed_referrals import seed_referrals
    except ImportError:  # the patient record is not there yet
        return
    seed_referrals(ctx, network, staff)
