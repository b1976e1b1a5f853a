"""A synthetic PS_LibreAcces_Personne_activite file in the real format, for benchmarks.

Fictional people (names drawn from Faker fr_FR pools), identifiers with valid Luhn keys, real
commune codes taken from the communes table when it is filled.
"""

from __future__ import annotations

import random
from pathlib import Path

from faker import Faker
from stdnum import luhn

from maillage.directory.imports.rpps import COLUMNS, OPTIONAL_COLUMNS

HEADER_52 = [
    "Type d'identifiant PP",
    "Identifiant PP",
    "Identification nationale PP",
    "Code civilité d'exercice",
    "Libellé civilité d'exercice",
    "Code civilité",
    "Libellé civilité",
    "Nom d'exercice",
    "Prénom d'exercice",
    "Code profession",
    "Libellé profession",
    "Code catégorie professionnelle",
    "Libellé catégorie professionnelle",
    "Code type savoir-faire",
    "Libellé type savoir-faire",
    "Code savoir-faire",
    "Libellé savoir-faire",
    "Code mode exercice",
    "Libellé mode exercice",
    "Numéro SIRET site",
    "Numéro SIREN site",
    "Numéro FINESS site",
    "Numéro FINESS établissement juridique",
    "Identifiant technique de la structure",
    "Raison sociale site",
    "Enseigne commerciale site",
    "Complément destinataire (coord. structure)",
    "Complément point géographique (coord. structure)",
    "Numéro Voie (coord. structure)",
    "Indice répétition voie (coord. structure)",
    "Code type de voie (coord. structure)",
    "Libellé type de voie (coord. structure)",
    "Libellé Voie (coord. structure)",
    "Mention distribution (coord. structure)",
    "Bureau cedex (coord. structure)",
    "Code postal (coord. structure)",
    "Code commune (coord. structure)",
    "Libellé commune (coord. structure)",
    "Code pays (coord. structure)",
    "Libellé pays (coord. structure)",
    "Téléphone (coord. structure)",
    "Téléphone 2 (coord. structure)",
    "Télécopie (coord. structure)",
    "Adresse e-mail (coord. structure)",
    "Code Département (structure)",
    "Libellé Département (structure)",
    "Ancien identifiant de la structure",
    "Autorité d'enregistrement",
    "Code secteur d'activité",
    "Libellé secteur d'activité",
    "Code section tableau pharmaciens",
    "Libellé section tableau pharmaciens",
]
HEADER_56 = [
    *HEADER_52,
    "Code rôle",
    "Libellé rôle",
    "Code genre activité",
    "Libellé genre activité",
]
if not (
    set(COLUMNS.values()) <= set(HEADER_52) and set(OPTIONAL_COLUMNS.values()) <= set(HEADER_56)
):
    raise ImportError("The synthetic header no longer matches the columns the import reads.")

# (code, label, weight, uses ADELI, specialties)
PROFESSIONS = [
    (
        "10",
        "Médecin",
        25,
        False,
        [
            ("SM54", "Médecine générale"),
            ("SM04", "Cardiologie et maladies vasculaires"),
            ("SM53", "Oncologie médicale"),
            ("SM30", "Gériatrie"),
            ("SM42", "Pneumologie"),
            ("SM47", "Psychiatrie"),
            ("SM15", "Endocrinologie-diabétologie-nutrition"),
        ],
    ),
    ("60", "Infirmier", 30, False, []),
    ("70", "Masseur-Kinésithérapeute", 9, False, []),
    ("21", "Pharmacien", 4, False, []),
    ("40", "Chirurgien-Dentiste", 4, False, []),
    ("50", "Sage-Femme", 2, False, []),
    ("91", "Orthophoniste", 3, True, []),
    ("93", "Psychologue", 5, True, []),
    ("80", "Pédicure-Podologue", 2, False, []),
    ("92", "Orthoptiste", 1, True, []),
    ("26", "Audioprothésiste", 1, True, []),
    ("94", "Diététicien", 2, True, []),
    ("95", "Ergothérapeute", 2, True, []),
]
MODES = [("L", "Libéral", 55), ("S", "Salarié", 40), ("B", "Bénévole", 5)]
STREET_TYPES = [("R", "Rue"), ("AV", "Avenue"), ("BD", "Boulevard"), ("PL", "Place")]
FALLBACK_PLACES = [
    ("44109", "44000", "NANTES"),
    ("44184", "44600", "SAINT NAZAIRE"),
    ("75056", "75015", "PARIS"),
    ("69123", "69003", "LYON"),
]


def _places() -> list[tuple[str, str, str]]:
    from maillage.core.models import CommunePostalCode

    rows = list(
        CommunePostalCode.objects.filter(commune__is_current=True, commune__cog_type="COM")
        .values_list("commune_id", "code", "commune__name")
        .order_by("commune_id", "code")
    )
    return [(c, p, n.upper()) for c, p, n in rows] or FALLBACK_PLACES


def _with_key(base: str) -> str:
    return base + luhn.calc_check_digit(base)


def generate_rpps_file(
    output: str | Path, rows: int, *, layout: int = 56, seed: int = 20261123
) -> int:
    """Writes `rows` data rows; returns the number of professionals written."""
    rng = random.Random(seed)  # noqa: S311 -- reproducible fictional data, not secrets
    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    last_names = sorted({fake.last_name().upper() for _ in range(5000)})
    first_names = [fake.first_name().upper() for _ in range(1200)]
    places = _places()
    header = HEADER_56 if layout == 56 else HEADER_52
    professions = [p for p in PROFESSIONS for _ in range(p[2])]
    modes = [m for m in MODES for _ in range(m[2])]
    written = professionals = 0
    with open(output, "w", encoding="utf-8", newline="\n") as out:
        out.write("|".join(header) + "|\n")
        seq = 0
        while written < rows:
            seq += 1
            professionals += 1
            code, label, _, adeli, specialties = rng.choice(professions)
            if adeli:
                id_type = "0"
                identifier = _with_key(f"{(seq // 1000000) % 90 + 1:02d}{seq % 1000000:06d}")
            else:
                id_type, identifier = "8", _with_key(f"1{seq:09d}")
            male = rng.random() < 0.45
            civ = ("M", "Monsieur") if male else ("MME", "Madame")
            practice = ("DR", "Docteur") if code in ("10", "40", "21") else ("", "")
            last, first = rng.choice(last_names), rng.choice(first_names)
            spec = rng.choice(specialties) if specialties else ("", "")
            n_activities = 1 if rng.random() < 0.87 else 2
            for _ in range(min(n_activities, rows - written)):
                insee, postal, city = rng.choice(places)
                mode = rng.choice(modes)
                street = rng.choice(STREET_TYPES)
                site_seq = rng.randrange(1, 10**8)
                values = [
                    id_type,
                    identifier,
                    id_type + identifier,
                    practice[0],
                    practice[1],
                    civ[0],
                    civ[1],
                    last,
                    first,
                    code,
                    label,
                    "C",
                    "Civil",
                    "S" if spec[0] else "",
                    "Spécialité ordinale" if spec[0] else "",
                    spec[0],
                    spec[1],
                    mode[0],
                    mode[1],
                    "",
                    "",
                    "",
                    "",
                    f"C{site_seq:012d}",
                    f"CABINET {last}",
                    "",
                    "",
                    "",
                    str(rng.randrange(1, 200)),
                    "",
                    street[0],
                    street[1],
                    rng.choice(last_names),
                    "",
                    "",
                    postal,
                    insee,
                    city,
                    "",
                    "",
                    f"0{rng.randrange(1, 6)}{rng.randrange(10**7, 10**8)}",
                    "",
                    "",
                    "",
                    insee[:2],
                    "",
                    "",
                    "ARS/ARS/ARS",
                    "SA07",
                    "Cabinet individuel",
                    "",
                    "",
                ]
                if layout == 56:
                    values += ["", "", "", ""]
                out.write("|".join(values) + "|\n")
                written += 1
    return professionals
