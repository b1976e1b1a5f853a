"""Cognition: MMSE, GRECO French version — score entry only.

Folstein MF et al. J Psychiatr Res 1975;12:189-98; French consensus version of the GRECO
(Derouesné C et al. Presse Med 1999;28:1141-8; norms Kalafat M et al. Rev Neuropsychol
2003;13:209-36). The test wording is protected (© PAR Inc.; GRECO French version): it is never
reproduced. The coordinator enters the total 0–30 read from the official form.

Bands: indicative only, since the GRECO norms depend on age and education level: 24–30 within
usual values, 20–23 mild impairment, 10–19 moderate, 0–9 severe (the severity stages of HAS
practice). The result never stands for a diagnosis.
"""

from maillage.assessments.instruments.base import Item, PointsInstrument, bands, numeric_range

MMSE = PointsInstrument(
    code="mmse",
    short_name="MMSE",
    name="MMSE (Mini-Mental State Examination, version GRECO)",
    version="GRECO-1999",
    domain="cognitive",
    items=(
        Item("1", "total", "Score total relevé sur le formulaire officiel", numeric_range(0, 30)),
    ),
    bands=bands(
        (0, "severe", "Altération cognitive sévère (score < 10)"),
        (10, "moderate", "Altération cognitive modérée (10 à 19)"),
        (20, "mild", "Altération cognitive légère (20 à 23)"),
        (
            24,
            "usual",
            "Score dans les valeurs habituelles, à interpréter selon l'âge et les études",
        ),
    ),
    source=(
        "Folstein MF et al. 1975 ; version consensuelle du GRECO, Derouesné C et al. Presse Med "
        "1999;28:1141-8 ; normes Kalafat M et al. 2003."
    ),
    licence="© PAR Inc. ; version française GRECO. Formulation jamais reproduite.",
    official_form="Formulaire MMSE version consensuelle GRECO (document papier du praticien).",
    notes=__doc__ or "",
    aliases=("mms",),
    higher_is_worse=False,
    licensed_wording=True,
)
