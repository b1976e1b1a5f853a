"""AGGIR / GIR, exactly as the CASF computes it.

Sources
- Code de l'action sociale et des familles (CASF), annexe 2-2 « Algorithme de la grille AGGIR »
  (version in force; identical to annexe II of décret n° 2001-1084 du 20 novembre 2001): the
  coefficient table of groups A to H, the rank thresholds and the passage from ranks to GIR.
- CASF annexe 2-1: the grid (10 discriminant and 7 illustrative variables) and its filling guide
  of 2008 (décret n° 2008-821 du 21 août 2008): the four adverbs and the sub-variables.

Coding with the four adverbs (guide 2008): the person does the activity alone, spontaneously,
totally, correctly and habitually → A; none of the four → C (« ne fait pas »); one to three of
them missing → B.

From sub-variables to the variable (guide 2008 as commonly published; NOT verified against a
primary text: the consolidated CASF annexe 2-1 says « guide non reproduit, consulter le
fac-similé » and the JO facsimile of 23 August 2008 could not be read; see docs/instruments.md,
"What was verified"):
- cohérence (communication, comportement), orientation (temps, espace), toilette (haut, bas),
  habillage (haut, moyen, bas): all A → A; all C → C; any other combination → B;
- alimentation (se servir, manger): AA → A; CC, BC, CB → C; any other combination → B;
- élimination (urinaire, fécale): AA → A; CC, BC, CB, AC, CA → C; any other combination → B.

Choice where sources disagree: the table of décret n° 97-427 du 28 avril 1997 (annexe II) differs
in group F (cohérence B 0 instead of 100, déplacement intérieur C 500 instead of 200, déplacement
extérieur C 200 instead of 0). We apply the current CASF table, as R. 232-3 requires; a test keeps
a profile that the two tables classify differently. Third-party calculators copied from the 1997
text (or mistyped, e.g. group D's B column shifted by one variable) must not be trusted.

Déplacements à l'extérieur and communication à distance are discriminant variables but weigh 0
in every group of the current table; they are recorded and shown. The 7 illustrative variables
(gestion, cuisine, ménage, transports, achats, suivi du traitement, activités de temps libre)
are recorded but never scored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import product
from typing import Any

from maillage.assessments.instruments.base import AnswerError, Instrument, Result

LETTERS = ("A", "B", "C")
ADVERBS = ("spontanement", "totalement", "correctement", "habituellement")
ADVERB_LABELS = {
    "spontanement": "spontanément",
    "totalement": "totalement",
    "correctement": "correctement",
    "habituellement": "habituellement",
}


def letter_from_adverbs(adverbs: Mapping[str, bool]) -> str:
    """Guide 2008: all four adverbs → A, none → C, otherwise B."""
    done = sum(1 for name in ADVERBS if adverbs[name])
    if done == len(ADVERBS):
        return "A"
    if done == 0:
        return "C"
    return "B"


def combine_all_same(letters: Sequence[str]) -> str:
    """Cohérence, orientation, toilette, habillage: all A → A, all C → C, otherwise B."""
    if all(letter == "A" for letter in letters):
        return "A"
    if all(letter == "C" for letter in letters):
        return "C"
    return "B"


def combine_alimentation(letters: Sequence[str]) -> str:
    """Alimentation (se servir, manger): AA → A; CC, BC, CB → C; otherwise B."""
    if all(letter == "A" for letter in letters):
        return "A"
    if "C" in letters and "A" not in letters:
        return "C"
    return "B"


def combine_elimination(letters: Sequence[str]) -> str:
    """Élimination (urinaire, fécale): AA → A; any C → C; otherwise B."""
    if all(letter == "A" for letter in letters):
        return "A"
    if "C" in letters:
        return "C"
    return "B"


@dataclass(frozen=True)
class Variable:
    key: str
    label: str
    subvariables: tuple[tuple[str, str], ...] = ()
    combine: Callable[[Sequence[str]], str] = combine_all_same


DISCRIMINANT = (
    Variable(
        "coherence",
        "Cohérence",
        (("communication", "Communication"), ("comportement", "Comportement")),
    ),
    Variable(
        "orientation", "Orientation", (("temps", "Dans le temps"), ("espace", "Dans l'espace"))
    ),
    Variable("toilette", "Toilette", (("haut", "Haut du corps"), ("bas", "Bas du corps"))),
    Variable(
        "habillage",
        "Habillage",
        (("haut", "Habillage du haut"), ("moyen", "Habillage moyen"), ("bas", "Habillage du bas")),
    ),
    Variable(
        "alimentation",
        "Alimentation",
        (("se_servir", "Se servir"), ("manger", "Manger")),
        combine_alimentation,
    ),
    Variable(
        "elimination",
        "Élimination",
        (("urinaire", "Élimination urinaire"), ("fecale", "Élimination fécale")),
        combine_elimination,
    ),
    Variable("transferts", "Transferts"),
    Variable("deplacements_interieur", "Déplacements à l'intérieur"),
    Variable("deplacements_exterieur", "Déplacements à l'extérieur"),
    Variable("communication_distance", "Communication à distance"),
)
ILLUSTRATIVE = (
    Variable("gestion", "Gestion"),
    Variable("cuisine", "Cuisine"),
    Variable("menage", "Ménage"),
    Variable("transports", "Transports"),
    Variable("achats", "Achats"),
    Variable("suivi_traitement", "Suivi du traitement"),
    Variable("activites_temps_libre", "Activités de temps libre"),
)
VARIABLE_KEYS = tuple(v.key for v in DISCRIMINANT)


@dataclass(frozen=True)
class Group:
    """One group of the CASF table: values for modality C and B in VARIABLE_KEYS order, and the
    ranks given from a threshold (sum ≥ threshold), highest threshold first."""

    name: str
    c_values: tuple[int, ...]
    b_values: tuple[int, ...]
    ranks: tuple[tuple[int, int], ...]
    otherwise: int | None = None

    def total(self, letters: Sequence[str]) -> int:
        value = 0
        for letter, c_value, b_value in zip(letters, self.c_values, self.b_values, strict=True):
            if letter == "C":
                value += c_value
            elif letter == "B":
                value += b_value
        return value

    def rank(self, total: int) -> int | None:
        for threshold, rank in self.ranks:
            if total >= threshold:
                return rank
        return self.otherwise


# CASF annexe 2-2 (columns: cohérence, orientation, toilette, habillage, alimentation,
# élimination, transferts, déplacement intérieur, déplacement extérieur, communication).
GROUPS = (
    Group(
        "A",
        (2000, 1200, 40, 40, 60, 100, 800, 200, 0, 0),
        (0, 0, 16, 16, 20, 16, 120, 32, 0, 0),
        ((4380, 1), (4140, 2), (3390, 3)),
    ),
    Group(
        "B",
        (1500, 1200, 40, 40, 60, 100, 800, -80, 0, 0),
        (320, 120, 16, 16, 0, 16, 120, -40, 0, 0),
        ((2016, 4),),
    ),
    Group(
        "C",
        (0, 0, 40, 40, 60, 160, 1000, 400, 0, 0),
        (0, 0, 16, 16, 20, 20, 200, 40, 0, 0),
        ((1700, 5), (1432, 6)),
    ),
    Group(
        "D",
        (0, 0, 0, 0, 2000, 400, 2000, 200, 0, 0),
        (0, 0, 0, 0, 200, 200, 200, 0, 0, 0),
        ((2400, 7),),
    ),
    Group(
        "E",
        (400, 400, 400, 400, 400, 800, 800, 200, 0, 0),
        (0, 0, 100, 100, 100, 100, 100, 0, 0, 0),
        ((1200, 8),),
    ),
    Group(
        "F",
        (200, 200, 500, 500, 500, 500, 500, 200, 0, 0),
        (100, 100, 100, 100, 100, 100, 100, 0, 0, 0),
        ((800, 9),),
    ),
    Group(
        "G",
        (150, 150, 300, 300, 500, 500, 400, 200, 0, 0),
        (0, 0, 200, 200, 200, 200, 200, 100, 0, 0),
        ((650, 10),),
    ),
    Group(
        "H",
        (0, 0, 3000, 3000, 3000, 3000, 1000, 1000, 0, 0),
        (0, 0, 2000, 2000, 2000, 2000, 2000, 1000, 0, 0),
        ((4000, 11), (2000, 12)),
        otherwise=13,
    ),
)
# CASF annexe 2-2, « 2. Passage des rangs aux groupes ».
RANK_TO_GIR = {1: 1, 2: 2, 3: 2, 4: 2, 5: 2, 6: 2, 7: 2, 8: 3, 9: 3, 10: 4, 11: 4, 12: 5, 13: 6}

GIR_LABELS = {
    1: "GIR 1 — perte d'autonomie mentale, corporelle, locomotrice et sociale ; présence "
    "continue d'intervenants",
    2: "GIR 2 — confinement au lit ou au fauteuil avec fonctions mentales partiellement "
    "conservées, ou fonctions mentales altérées avec capacité de se déplacer",
    3: "GIR 3 — autonomie mentale conservée ; aide pluriquotidienne pour l'autonomie corporelle",
    4: "GIR 4 — aide pour les transferts, la toilette, l'habillage ou les repas",
    5: "GIR 5 — aide ponctuelle (toilette, repas, ménage)",
    6: "GIR 6 — autonomie pour les actes essentiels de la vie courante",
}


@dataclass(frozen=True)
class Classification:
    gir: int
    rank: int
    group: str
    group_total: int


def classify(letters: Sequence[str]) -> Classification:
    """The CASF algorithm on the ten final letters (VARIABLE_KEYS order)."""
    if len(letters) != len(VARIABLE_KEYS) or any(letter not in LETTERS for letter in letters):
        raise ValueError("classify() takes ten letters A, B or C.")
    for group in GROUPS:
        total = group.total(letters)
        rank = group.rank(total)
        if rank is not None:
            return Classification(RANK_TO_GIR[rank], rank, group.name, total)
    raise AssertionError("group H always gives a rank")  # pragma: no cover


def all_letter_combinations():
    """Every one of the 3^10 combinations of final letters."""
    return product(LETTERS, repeat=len(VARIABLE_KEYS))


class AggirInstrument(Instrument):
    """AGGIR answers: {"variables": {key: letter | adverbs | {subvariable: letter | adverbs}},
    "illustratives": {...}}. The score is the GIR."""

    code = "aggir"
    name = "Grille AGGIR"
    short_name = "AGGIR"
    version = "CASF-2008"
    domain = "autonomy"
    source = (
        "CASF annexes 2-1 (grille et guide de remplissage, décret n° 2008-821 du 21 août 2008) "
        "et 2-2 (algorithme, décret n° 2001-1084 du 20 novembre 2001)"
    )
    licence = "Texte réglementaire public (Journal officiel)."
    official_form = "Grille nationale AGGIR, CASF annexe 2-1 (Légifrance)."
    notes = __doc__ or ""
    aliases = ("gir",)
    higher_is_worse = False  # GIR 6 is the most autonomous
    licensed_wording = False
    min_score = Decimal(1)
    max_score = Decimal(6)

    @property
    def item_count(self) -> int:
        return len(DISCRIMINANT)

    @property
    def subvariable_count(self) -> int:
        return sum(max(1, len(v.subvariables)) for v in DISCRIMINANT)

    # --- validation -------------------------------------------------------------------------
    def _letter(self, spec: Any, where: str, errors: list[tuple[str, str]], ref: str):
        """A letter from a letter or an adverbs object; None (error recorded) if invalid."""
        if isinstance(spec, str):
            letter = spec.strip().upper()
            if letter in LETTERS:
                return letter, None
            errors.append(
                (ref, f"AGGIR, {where} : « {spec} » n'est pas une modalité permise (A, B ou C).")
            )
            return None, None
        if isinstance(spec, Mapping):
            unknown = [str(k) for k in spec if k not in ADVERBS]
            missing = [a for a in ADVERBS if a not in spec]
            bad = [a for a in ADVERBS if a in spec and not isinstance(spec[a], bool)]
            for key in unknown:
                errors.append(
                    (ref, f"AGGIR, {where} : « {key} » n'est pas un adverbe de la grille.")
                )
            for adverb in missing:
                errors.append(
                    (ref, f"AGGIR, {where} : adverbe « {ADVERB_LABELS[adverb]} » manquant.")
                )
            for adverb in bad:
                errors.append(
                    (
                        ref,
                        f"AGGIR, {where} : l'adverbe « {ADVERB_LABELS[adverb]} » doit valoir "
                        "oui (true) ou non (false).",
                    )
                )
            if unknown or missing or bad:
                return None, None
            adverbs = {a: spec[a] for a in ADVERBS}
            return letter_from_adverbs(adverbs), adverbs
        errors.append(
            (ref, f"AGGIR, {where} : attendu une modalité (A, B, C) ou les quatre adverbes.")
        )
        return None, None

    def _variable(self, variable: Variable, spec: Any, errors, partial: bool) -> dict | None:
        where = f"variable {variable.label.lower()}"
        is_sub_object = (
            variable.subvariables
            and isinstance(spec, Mapping)
            and not any(key in ADVERBS for key in spec)
        )
        if not is_sub_object:
            letter, adverbs = self._letter(spec, where, errors, variable.key)
            if letter is None:
                return None
            return {"letter": letter, "adverbs": adverbs, "subvariables": None}
        names = dict(variable.subvariables)
        subs: dict[str, dict] = {}
        for key in spec:
            if key not in names:
                errors.append(
                    (
                        variable.key,
                        f"AGGIR, {where} : « {key} » n'est pas une sous-variable "
                        f"(sous-variables : {', '.join(names)}).",
                    )
                )
        for key, label in variable.subvariables:
            sub_where = f"{where}, sous-variable {label.lower()}"
            if key not in spec or spec[key] in (None, ""):
                if not partial:
                    errors.append((f"{variable.key}.{key}", f"AGGIR, {sub_where} : manquante."))
                continue
            letter, adverbs = self._letter(spec[key], sub_where, errors, f"{variable.key}.{key}")
            if letter is not None:
                subs[key] = {"letter": letter, "adverbs": adverbs}
        complete = len(subs) == len(variable.subvariables)
        letter = (
            variable.combine([subs[k]["letter"] for k, _ in variable.subvariables])
            if complete
            else None
        )
        return {"letter": letter, "adverbs": None, "subvariables": subs}

    def validate(self, answers: Any, *, partial: bool = False) -> dict[str, Any]:
        """Normalised answers: {"variables": {key: {letter, adverbs, subvariables}},
        "illustratives": {...}}; raises AnswerError naming the variable or sub-variable."""
        if not isinstance(answers, Mapping) or not isinstance(
            answers.get("variables", {}), Mapping
        ):
            raise AnswerError(
                [("", 'AGGIR : les réponses doivent être un objet {"variables": {...}}.')]
            )
        given = answers.get("variables", {})
        illustrative_given = answers.get("illustratives", {}) or {}
        errors: list[tuple[str, str]] = []
        known = {v.key for v in DISCRIMINANT}
        for key in given:
            if key not in known:
                errors.append(
                    (str(key), f"AGGIR : « {key} » n'est pas une variable discriminante.")
                )
        variables: dict[str, Any] = {}
        for variable in DISCRIMINANT:
            spec = given.get(variable.key)
            if spec is None or spec == "":
                if not partial:
                    errors.append(
                        (variable.key, f"AGGIR, variable {variable.label.lower()} : manquante.")
                    )
                continue
            parsed = self._variable(variable, spec, errors, partial)
            if parsed is not None:
                variables[variable.key] = parsed
        illustratives: dict[str, Any] = {}
        if not isinstance(illustrative_given, Mapping):
            errors.append(("illustratives", "AGGIR : « illustratives » doit être un objet."))
            illustrative_given = {}
        known_illustrative = {v.key: v for v in ILLUSTRATIVE}
        for key, spec in illustrative_given.items():
            variable = known_illustrative.get(key)
            if variable is None:
                errors.append((str(key), f"AGGIR : « {key} » n'est pas une variable illustrative."))
                continue
            if spec is None or spec == "":
                continue
            where = f"variable illustrative {variable.label.lower()}"
            letter, adverbs = self._letter(spec, where, errors, key)
            if letter is not None:
                illustratives[key] = {"letter": letter, "adverbs": adverbs}
        if errors:
            raise AnswerError(errors)
        return {"variables": variables, "illustratives": illustratives}

    def canonical(self, answers: Any, *, partial: bool = True) -> dict[str, Any]:
        """The answers as stored (letters upper-cased, adverbs kept as given)."""
        normalised = self.validate(answers, partial=partial)
        variables: dict[str, Any] = {}
        for key, parsed in normalised["variables"].items():
            if parsed["subvariables"] is not None:
                variables[key] = {
                    sub: (item["adverbs"] or item["letter"])
                    for sub, item in parsed["subvariables"].items()
                }
            else:
                variables[key] = parsed["adverbs"] or parsed["letter"]
        illustratives = {
            key: (item["adverbs"] or item["letter"])
            for key, item in normalised["illustratives"].items()
        }
        return {"variables": variables, "illustratives": illustratives}

    # --- scoring ----------------------------------------------------------------------------
    def score(self, answers: Any) -> Result:
        normalised = self.validate(answers, partial=False)
        variables = normalised["variables"]
        letters = [variables[key]["letter"] for key in VARIABLE_KEYS]
        found = classify(letters)
        subvariables = {
            key: {sub: item["letter"] for sub, item in parsed["subvariables"].items()}
            for key, parsed in variables.items()
            if parsed["subvariables"] is not None
        }
        return Result(
            instrument=self.code,
            version=self.version,
            score=Decimal(found.gir),
            category=f"gir_{found.gir}",
            label=GIR_LABELS[found.gir],
            extra={
                "gir": found.gir,
                "rank": found.rank,
                "letters": dict(zip(VARIABLE_KEYS, letters, strict=True)),
            },
            details={
                "group": found.group,
                "group_total": found.group_total,
                "subvariables": subvariables,
                "illustratives": {k: v["letter"] for k, v in normalised["illustratives"].items()},
                "apa_eligible": found.gir <= 4,
            },
        )


AGGIR = AggirInstrument()
