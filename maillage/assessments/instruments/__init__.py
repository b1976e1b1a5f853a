"""The instrument registry: every validated instrument, declared once, in the issue's order.

    from maillage.assessments.instruments import get_instrument, INSTRUMENTS
    result = get_instrument("mna_sf").score({"items": [2, 3, 2, 2, 2, 3]})

See `base` for the engine and each module's docstring for its sources and the choices made.
"""

import re

from maillage.assessments.instruments.aggir import AGGIR
from maillage.assessments.instruments.autonomy import KATZ, LAWTON
from maillage.assessments.instruments.base import (
    AnswerError,
    Instrument,
    PointsInstrument,
    Result,
    UnknownInstrument,
)
from maillage.assessments.instruments.carers import ZARIT
from maillage.assessments.instruments.cognition import MMSE
from maillage.assessments.instruments.frailty import FRIED, GFST, SEGA_A
from maillage.assessments.instruments.mood import GDS_15, HADS, MINI_GDS
from maillage.assessments.instruments.nutrition import MNA, MNA_SF
from maillage.assessments.instruments.pain import ALGOPLUS, DN4, DOLOPLUS, PAIN_NRS
from maillage.assessments.instruments.palliative import ESAS_R, PALLIA_10
from maillage.assessments.instruments.performance import ECOG, KARNOFSKY

__all__ = [
    "INSTRUMENTS",
    "AnswerError",
    "Instrument",
    "PointsInstrument",
    "Result",
    "UnknownInstrument",
    "get_instrument",
]

INSTRUMENTS: dict[str, Instrument] = {
    instrument.code: instrument
    for instrument in (
        AGGIR,
        MNA_SF,
        MNA,
        ZARIT,
        PAIN_NRS,
        DN4,
        ALGOPLUS,
        DOLOPLUS,
        HADS,
        ECOG,
        KARNOFSKY,
        PALLIA_10,
        MINI_GDS,
        GDS_15,
        KATZ,
        LAWTON,
        ESAS_R,
        GFST,
        SEGA_A,
        FRIED,
        MMSE,
    )
}


def _normalise(code: str) -> str:
    return re.sub(r"[\s_\-]", "", code.strip().lower())


_LOOKUP: dict[str, Instrument] = {}
for _instrument in INSTRUMENTS.values():
    for _name in (_instrument.code, *_instrument.aliases):
        _key = _normalise(_name)
        if _key in _LOOKUP and _LOOKUP[_key] is not _instrument:
            raise RuntimeError(f"Instrument code or alias {_name!r} is ambiguous.")
        _LOOKUP[_key] = _instrument


def get_instrument(code: str) -> Instrument:
    """The instrument for a code or alias ("MNA-SF", "mna_sf", "gds15"…); UnknownInstrument if
    none, with a French message listing the codes."""
    instrument = _LOOKUP.get(_normalise(code or ""))
    if instrument is None:
        raise UnknownInstrument(
            f"Instrument inconnu : « {code} ». Instruments disponibles : "
            + ", ".join(INSTRUMENTS)
            + "."
        )
    return instrument
