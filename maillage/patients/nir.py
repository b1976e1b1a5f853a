"""The declared NIR (or NIA): checked, compared with the identity traits, digested for search.

A number typed by hand is a *declared* NIR. It is never an INS: the INS exists only for a
qualified identity, retrieved from the INSi teleservice. A NIR read from a carte Vitale may be
the insured person's (a parent's or a spouse's), which is why the sex, year and month of birth it
carries are compared with the patient's traits.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.fr import nir as stdnum_nir

# First digit: 1/2 registered person, 3/4 person born abroad being registered, 7/8 NIA
# (temporary number). Odd digits are men, even digits women.
_MALE_DIGITS = {"1", "3", "7"}
_FEMALE_DIGITS = {"2", "4", "8"}

CARTE_VITALE_WARNING = (
    "Un NIR lu sur une carte Vitale ou une attestation peut être celui de l'assuré qui ouvre les "
    "droits (un parent, un conjoint) et non celui du patient : ne saisissez que le numéro propre "
    "au patient."
)


def compact(value: str) -> str:
    return stdnum_nir.compact(value or "")


def formatted(value: str) -> str:
    """'2 95 10 99 126 111 93' for display to people allowed to see it."""
    return stdnum_nir.format(value) if value else ""


def masked(value: str) -> str:
    """Only the sex, year and month digits and the key: enough to recognise, not to reuse."""
    if len(value) != 15:
        return ""
    return f"{value[0]} {value[1:3]} {value[3:5]} •• ••• ••• {value[13:]}"


def validate_declared_nir(value: str, *, sex: str | None, birth_date: datetime.date | None) -> str:
    """Returns the compact NIR or raises ValidationError with French messages that name the
    field and say what to do."""
    number = compact(value)
    if not number:
        return ""
    try:
        stdnum_nir.validate(number)
    except InvalidLength as exc:
        raise ValidationError(
            "NIR déclaré : il faut 15 caractères (13 chiffres et la clé de 2 chiffres) ; "
            f"vous en avez saisi {len(number)}.",
            code="nir_length",
        ) from exc
    except InvalidFormat as exc:
        raise ValidationError(
            "NIR déclaré : seuls des chiffres sont permis (et 2A ou 2B pour un département de "
            "naissance en Corse).",
            code="nir_format",
        ) from exc
    except InvalidChecksum as exc:
        raise ValidationError(
            "NIR déclaré : la clé (les 2 derniers chiffres) ne correspond pas aux 13 premiers. "
            "Vérifiez la saisie sur la carte Vitale ou l'attestation de droits.",
            code="nir_key",
        ) from exc
    first = number[0]
    if first not in _MALE_DIGITS | _FEMALE_DIGITS:
        raise ValidationError(
            "NIR déclaré : le premier chiffre doit être 1 ou 2 (ou 3, 4, 7, 8 pour un numéro "
            "provisoire).",
            code="nir_format",
        )
    problems = []
    if (sex == "M" and first in _FEMALE_DIGITS) or (sex == "F" and first in _MALE_DIGITS):
        problems.append("le premier chiffre (sexe) ne correspond pas au sexe indiqué")
    if birth_date is not None:
        if number[1:3] != f"{birth_date.year % 100:02d}":
            problems.append(
                "les chiffres 2 et 3 (année) ne correspondent pas à l'année de naissance"
            )
        month = int(number[3:5])
        # 20 and above: month unknown when registered; no comparison possible.
        if 1 <= month <= 12 and month != birth_date.month:
            problems.append("les chiffres 4 et 5 (mois) ne correspondent pas au mois de naissance")
    if problems:
        raise ValidationError(
            "NIR déclaré : " + " ; ".join(problems) + ". " + CARTE_VITALE_WARNING,
            code="nir_traits",
        )
    return number


def digest(number: str) -> str:
    """Keyed digest, so that a NIR can be searched without storing it in clear."""
    if not number:
        return ""
    key = getattr(settings, "SEARCH_DIGEST_KEY", "") or settings.FIELD_ENCRYPTION_KEYS[-1]
    return hmac.new(
        f"maillage-nir:{key}".encode(), compact(number).encode(), hashlib.sha256
    ).hexdigest()


def build(*, sex: str, birth_date: datetime.date, place_code: str, serial: int) -> str:
    """A well-formed NIR for fictional people (demo data, tests): sex, year, month, birth place
    (5-character COG code, 2A/2B allowed), serial, key."""
    first = "1" if sex == "M" else "2"
    body = (
        f"{first}{birth_date.year % 100:02d}{birth_date.month:02d}{place_code}{serial % 1000:03d}"
    )
    return body + stdnum_nir.calc_check_digits(body + "00")
