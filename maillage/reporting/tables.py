"""The report's tables: one list of sections built from the `compute_indicators` dict, shared by
the page, the PDF, the XLSX workbook and the ARS templates, so every format shows the same
figures. Each row carries its indicator key (a dotted path into the dict, see
`docs/indicators.md`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from maillage.reporting.indicators import (
    AGE_BAND_LABELS,
    DELAYS,
    ORIGIN_LABELS,
    OUTCOME_LABELS,
)

SMALL_CELL_THRESHOLD = 10
SMALL_CELL_TEXT = "< 10"


def lookup(data: dict, key: str):
    """The value at dotted `key` in the indicators dict, or None."""
    node = data
    for part in key.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return None
    return node


@dataclass
class Row:
    key: str
    label: str
    value: object
    people: bool = True  # a count of people or of their requests/stays: masked under 10
    target: object = None
    previous: object = None


@dataclass
class Section:
    key: str
    title: str
    method: str
    rows: list[Row] = field(default_factory=list)
    chart: str = ""  # "bars" when the rows read as a distribution


def _labels(choices) -> dict:
    return dict(choices)


def _choice_labels():
    from maillage.hospital.models import StayKind
    from maillage.intake.models import REASONS, Channel, RequesterQuality
    from maillage.patients.models.careteam import CareTeamRole
    from maillage.patients.models.enrolment import ClosureReason
    from maillage.patients.models.journal import JournalKind
    from maillage.supportcare.models.choices import SupportKind
    from maillage.training.models import EventKind, Profession

    return {
        "channel": _labels(Channel.choices),
        "quality": _labels(RequesterQuality.choices),
        "reason": dict(REASONS),
        "closure": _labels(ClosureReason.choices),
        "journal": _labels(JournalKind.choices),
        "stay": _labels(StayKind.choices),
        "support": _labels(SupportKind.choices),
        "event": _labels(EventKind.choices),
        "profession": _labels(Profession.choices),
        "role": _labels(CareTeamRole.choices),
    }


METHODS = {
    "requests": "Demandes d'appui enregistrées au guichet unique dont la date de réception tombe "
    "dans la période (jours inclus, heure de Paris), y compris celles reçues par transmission "
    "d'un autre réseau. L'origine vient de la qualité du demandeur, l'issue du statut actuel de "
    "la demande ; une demande peut avoir plusieurs motifs.",
    "ruptures": "Demandes (date de réception) et entrées du journal de coordination (date de "
    "l'entrée) de la période marquées « rupture de parcours » ou « besoin non couvert ».",
    "file_active": "Patients ayant dans la période au moins une entrée manuelle du journal "
    "(appel, visite à domicile, entretien au bureau, réunion, note, courriel ou courrier), une "
    "évaluation signée ou une inclusion. L'ETP est la somme des ETP des coordinateur·rices "
    "actif·ves du réseau au moment du calcul.",
    "enrolments": "Inclusions dont la date d'inclusion tombe dans la période (une réinclusion est "
    "une inclusion précédée d'une autre du même patient) ; clôtures dont la date de clôture tombe "
    "dans la période, par motif ; inclusions ouvertes au dernier jour.",
    "delays": "Pour les demandes reçues dans la période (hors souches transmises), écart en jours "
    "calendaires entre les dates de chaque étape ; première évaluation signée et premier PPS "
    "validé postérieurs à la décision. Médiane et 90e centile (interpolés) ; n = demandes "
    "ayant les deux dates.",
    "follow_up": "Durée en jours entre inclusion et clôture des inclusions closes dans la période.",
    "pps": "PPS créés dans la période ; versions validées dans la période ; versions validées dont "
    "la date de réévaluation tombe dans la période, réévaluées à temps si une version suivante a "
    "été validée au plus tard à cette date.",
    "patients": "Patients de la file active : âge au dernier jour de la période, sexe, commune "
    "de résidence, thématiques des inclusions couvrant la période (un patient peut en avoir "
    "plusieurs), GIR de la dernière grille AGGIR signée en vigueur au dernier jour.",
    "hospital": "Séjours hospitaliers dont l'entrée tombe dans la période ; réhospitalisation : "
    "entrée à moins de 30 jours d'une sortie précédente (relevée à la déclaration du séjour).",
    "journal": "Entrées du journal de coordination datées dans la période (une entrée corrigée "
    "est remplacée par sa correction) et temps déclaré, par nature ; les contacts sont les "
    "appels, visites à domicile, entretiens au bureau du réseau, réunions, courriels et courriers.",
    "supportcare": "Orientations en soins de support dont la date d'orientation tombe dans la "
    "période ; séances de la période par statut ; montants des séances réalisées par ligne de "
    "financement, rapportés au budget de la ligne.",
    "training": "Événements tenus dont le premier créneau tombe dans la période ; participant·es "
    "inscrit·es marqué·es présent·es, par profession ; questionnaires de satisfaction reçus.",
    "professionals": "Professionnels et services distincts de l'équipe de soins des patients de "
    "la file active, présents dans la période, par catégorie.",
}


def build_sections(data: dict) -> list[Section]:
    labels = _choice_labels()
    sections: list[Section] = []

    def section(key, title, chart=""):
        s = Section(key=key, title=title, method=METHODS.get(key, ""), chart=chart)
        sections.append(s)
        return s

    r = data["requests"]
    s = section("requests", "Demandes d'appui reçues")
    s.rows.append(Row("requests.total", "Demandes reçues", r["total"]))
    s.rows.append(Row("requests.first_hand", "dont reçues directement", r["first_hand"]))
    s.rows.append(
        Row(
            "requests.received_by_forward",
            "dont transmises par un autre réseau",
            r["received_by_forward"],
        )
    )
    s = section("requests_origin", "Demandes par origine", chart="bars")
    s.method = METHODS["requests"]
    for k, v in r["by_origin"].items():
        s.rows.append(Row(f"requests.by_origin.{k}", ORIGIN_LABELS.get(k, k), v))
    s = section("requests_channel", "Demandes par canal", chart="bars")
    for k, v in r["by_channel"].items():
        s.rows.append(Row(f"requests.by_channel.{k}", labels["channel"].get(k, k), v))
    s = section("requests_reason", "Demandes par motif", chart="bars")
    for k, v in r["by_reason"].items():
        s.rows.append(Row(f"requests.by_reason.{k}", labels["reason"].get(k, k), v))
    s = section("requests_outcome", "Demandes par issue", chart="bars")
    for k, v in r["by_outcome"].items():
        s.rows.append(Row(f"requests.by_outcome.{k}", OUTCOME_LABELS.get(k, k), v))

    ru = data["ruptures"]
    s = section("ruptures", "Ruptures de parcours et besoins non couverts")
    for origin, origin_label in (
        ("requests", "demandes"),
        ("journal", "journal"),
        ("total", "total"),
    ):
        s.rows.append(
            Row(
                f"ruptures.{origin}.rupture",
                f"Ruptures de parcours ({origin_label})",
                ru[origin]["rupture"],
            )
        )
        s.rows.append(
            Row(
                f"ruptures.{origin}.unmet_need",
                f"Besoins non couverts ({origin_label})",
                ru[origin]["unmet_need"],
            )
        )

    fa = data["file_active"]
    s = section("file_active", "File active")
    s.rows.append(Row("file_active.patients", "Patients de la file active", fa["patients"]))
    s.rows.append(
        Row(
            "file_active.coordinator_fte",
            "ETP de coordination",
            fa["coordinator_fte"],
            people=False,
        )
    )
    s.rows.append(
        Row(
            "file_active.patients_per_coordinator_fte",
            "Patients par ETP",
            fa["patients_per_coordinator_fte"],
            people=False,
        )
    )
    for row in fa["by_coordinator"]:
        s.rows.append(Row("", f"Suivis par {row['label'] or 'coordinateur·rice'}", row["patients"]))

    en = data["enrolments"]
    s = section("enrolments", "Inclusions et clôtures")
    s.rows.append(Row("enrolments.new", "Inclusions", en["new"]))
    s.rows.append(
        Row("enrolments.first_enrolments", "dont premières inclusions", en["first_enrolments"])
    )
    s.rows.append(Row("enrolments.re_enrolments", "dont réinclusions", en["re_enrolments"]))
    s.rows.append(Row("enrolments.closed", "Clôtures", en["closed"]))
    for k, v in en["closures_by_reason"].items():
        s.rows.append(
            Row(
                f"enrolments.closures_by_reason.{k}",
                f"Clôtures : {labels['closure'].get(k, k).lower()}",
                v,
            )
        )
    s.rows.append(
        Row("enrolments.open_at_end", "Inclusions ouvertes en fin de période", en["open_at_end"])
    )

    s = section("delays", "Délais (jours)")
    for k, label in DELAYS:
        d = data["delays"][k]
        s.rows.append(Row(f"delays.{k}.n", f"{label} : nombre de demandes", d["n"]))
        s.rows.append(
            Row(f"delays.{k}.median_days", f"{label} : médiane", d["median_days"], people=False)
        )
        s.rows.append(
            Row(f"delays.{k}.p90_days", f"{label} : 90e centile", d["p90_days"], people=False)
        )
    fu = data["follow_up"]
    s = section("follow_up", "Durée d'accompagnement (jours)")
    s.rows.append(Row("follow_up.n", "Inclusions closes", fu["n"]))
    s.rows.append(Row("follow_up.median_days", "Médiane", fu["median_days"], people=False))
    s.rows.append(Row("follow_up.p90_days", "90e centile", fu["p90_days"], people=False))

    p = data["pps"]
    s = section("pps", "Plans personnalisés de santé (PPS)")
    for k, label in (
        ("written", "PPS rédigés"),
        ("validated_versions", "Versions validées"),
        ("first_versions_validated", "Premières versions validées"),
        ("review_due", "Réévaluations prévues dans la période"),
        ("reviewed_on_time", "Réévaluées à temps"),
        ("reviewed_late", "Réévaluées en retard"),
        ("not_reviewed", "Non réévaluées"),
    ):
        s.rows.append(Row(f"pps.{k}", label, p[k]))
    s.rows.append(
        Row(
            "pps.reviewed_on_time_rate",
            "Taux de réévaluation à temps (%)",
            p["reviewed_on_time_rate"],
            people=False,
        )
    )

    pa = data["patients"]
    s = section("patients_age", "Patients par âge", chart="bars")
    s.method = METHODS["patients"]
    for k, v in pa["by_age_band"].items():
        s.rows.append(Row(f"patients.by_age_band.{k}", AGE_BAND_LABELS.get(k, "Non renseigné"), v))
    s = section("patients_sex", "Patients par sexe", chart="bars")
    for k, v in pa["by_sex"].items():
        s.rows.append(
            Row(f"patients.by_sex.{k}", {"F": "Femmes", "M": "Hommes"}.get(k, "Non renseigné"), v)
        )
    s = section("patients_gir", "Patients par GIR", chart="bars")
    for k, v in pa["by_gir"].items():
        label = f"GIR {k.split('_')[1]}" if k.startswith("gir_") else "Sans grille AGGIR signée"
        s.rows.append(Row(f"patients.by_gir.{k}", label, v))
    s = section("patients_thematic", "Patients par thématique", chart="bars")
    for k, v in pa["by_thematic"].items():
        s.rows.append(
            Row(f"patients.by_thematic.{k}", pa["thematic_labels"].get(k, "Sans thématique"), v)
        )
    s = section("patients_commune", "Patients par commune")
    for row in pa["by_commune"]:
        s.rows.append(Row("", f"{row['name']} {row['insee_code']}".strip(), row["patients"]))

    h = data["hospital"]
    s = section("hospital", "Hospitalisations")
    s.rows.append(Row("hospital.stays", "Séjours", h["stays"]))
    s.rows.append(Row("hospital.patients", "Patients hospitalisés", h["patients"]))
    s.rows.append(
        Row(
            "hospital.readmissions_30d",
            "Réhospitalisations à moins de 30 jours",
            h["readmissions_30d"],
        )
    )
    s.rows.append(
        Row(
            "hospital.readmission_rate",
            "Taux de réhospitalisation (%)",
            h["readmission_rate"],
            people=False,
        )
    )
    for k, v in h["by_kind"].items():
        s.rows.append(Row(f"hospital.by_kind.{k}", f"Séjours : {labels['stay'].get(k, k)}", v))

    j = data["journal"]
    s = section("journal", "Activité de coordination (journal)", chart="bars")
    for k, v in j["by_kind"].items():
        s.rows.append(
            Row(
                f"journal.by_kind.{k}.entries",
                labels["journal"].get(k, k),
                v["entries"],
                people=False,
            )
        )
    s.rows.append(Row("journal.entries", "Entrées du journal", j["entries"], people=False))
    s.rows.append(
        Row(
            "journal.contacts",
            "Dont contacts (appels, visites, entretiens, réunions, courriels)",
            j["contacts"],
            people=False,
        )
    )
    s.rows.append(Row("journal.minutes", "Temps déclaré (minutes)", j["minutes"], people=False))
    for k, v in j["by_kind"].items():
        s.rows.append(
            Row(
                f"journal.by_kind.{k}.minutes",
                f"Temps : {labels['journal'].get(k, k).lower()} (minutes)",
                v["minutes"],
                people=False,
            )
        )
    s.chart = ""

    sc = data["supportcare"]
    s = section("supportcare", "Soins de support")
    s.rows.append(Row("supportcare.referrals", "Orientations", sc["referrals"]))
    for k, v in sc["referrals_by_kind"].items():
        s.rows.append(
            Row(
                f"supportcare.referrals_by_kind.{k}",
                f"Orientations : {labels['support'].get(k, k)}",
                v,
            )
        )
    s.rows.append(
        Row("supportcare.sessions_held", "Séances réalisées", sc["sessions_held"], people=False)
    )
    for k, by_status in sc["sessions_by_kind"].items():
        s.rows.append(
            Row(
                f"supportcare.sessions_by_kind.{k}.held",
                f"Séances réalisées : {labels['support'].get(k, k)}",
                by_status.get("held", 0),
                people=False,
            )
        )
    s.rows.append(
        Row(
            "supportcare.amount_spent",
            "Montant des séances réalisées (€)",
            sc["amount_spent"],
            people=False,
        )
    )
    for line in sc["by_funding_line"]:
        s.rows.append(
            Row(
                "",
                f"{line['name']} : consommé / budget (€)",
                f"{line['spent_in_period']:.2f} / {line['budget']:.2f}",
                people=False,
            )
        )

    t = data["training"]
    s = section("training", "Formation des professionnels")
    s.rows.append(Row("training.events", "Événements tenus", t["events"], people=False))
    for k, v in t["events_by_kind"].items():
        s.rows.append(
            Row(f"training.events_by_kind.{k}", labels["event"].get(k, k), v, people=False)
        )
    s.rows.append(
        Row("training.attendees", "Participant·es présent·es", t["attendees"], people=False)
    )
    for k, v in t["attendees_by_profession"].items():
        s.rows.append(
            Row(
                f"training.attendees_by_profession.{k}",
                f"Présent·es : {labels['profession'].get(k, k)}",
                v,
                people=False,
            )
        )
    s.rows.append(
        Row(
            "training.satisfaction.responses",
            "Questionnaires de satisfaction",
            t["satisfaction"]["responses"],
            people=False,
        )
    )
    s.rows.append(
        Row(
            "training.satisfaction.overall_mean",
            "Appréciation générale (moyenne)",
            t["satisfaction"]["overall_mean"],
            people=False,
        )
    )
    s.rows.append(
        Row(
            "training.satisfaction.usefulness_mean",
            "Utilité (moyenne)",
            t["satisfaction"]["usefulness_mean"],
            people=False,
        )
    )

    pr = data["professionals"]
    s = section("professionals", "Professionnels impliqués", chart="bars")
    for k, v in pr["by_category"].items():
        s.rows.append(
            Row(f"professionals.by_category.{k}", labels["role"].get(k, k), v, people=False)
        )
    return sections


def display(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",")
    return str(value)


def masked(row: Row, value, mask_small: bool):
    if mask_small and row.people and isinstance(value, int) and 0 < value < SMALL_CELL_THRESHOLD:
        return SMALL_CELL_TEXT
    return display(value)


def report_sections(
    data: dict,
    *,
    mask_small: bool = False,
    targets: dict | None = None,
    previous: dict | None = None,
) -> list[Section]:
    """The sections with display values: cells of people under 10 shown "< 10" when
    `mask_small`; CPOM `targets` ({key: value}) and the `previous` period's figures beside."""
    sections = build_sections(data)
    prev_values = {}
    if previous is not None:
        prev_values = {row.key: row.value for s in build_sections(previous) for row in s.rows}
    for s in sections:
        if s.key == "patients_commune" and mask_small:
            # A commune with fewer than 10 patients is folded into one row.
            big = [r for r in s.rows if r.value >= SMALL_CELL_THRESHOLD]
            small = sum(r.value for r in s.rows if r.value < SMALL_CELL_THRESHOLD)
            s.rows = big + (
                [Row("", "Autres communes (moins de 10 patients chacune)", small)] if small else []
            )
        for row in s.rows:
            row.target = (targets or {}).get(row.key) if row.key else None
            row.previous = masked(row, prev_values.get(row.key), mask_small) if previous else None
            row.value = masked(row, row.value, mask_small)
    return sections


def flat_rows(sections: list[Section]) -> list[list[str]]:
    """[section, indicator, key, value, target] rows for the XLSX workbook."""
    return [
        [s.title, row.label, row.key, row.value, "" if row.target is None else display(row.target)]
        for s in sections
        for row in s.rows
    ]
