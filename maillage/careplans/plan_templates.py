"""Plan templates per situation: problems, goals and actions the coordinator adapts.
Actions of a template have no one responsible yet: applying a template adds problems and goals;
the proposed actions are shown as suggestions to complete with who acts."""

from __future__ import annotations

TEMPLATES: dict[str, dict] = {
    "retour_domicile": {
        "label": "Retour à domicile après hospitalisation",
        "problems": [
            (
                "medical",
                "Suites d'hospitalisation : traitement modifié",
                [
                    (
                        "Le traitement de sortie est compris et pris",
                        [
                            ("Conciliation médicamenteuse avec le pharmacien", "care"),
                            ("Pilulier préparé par l'infirmier", "care"),
                        ],
                    ),
                ],
            ),
            (
                "autonomy",
                "Perte d'autonomie au retour",
                [
                    (
                        "Rester à domicile en sécurité",
                        [
                            ("Mise en place d'une aide à domicile", "social"),
                            ("Évaluation du logement et aides techniques", "prevention"),
                        ],
                    ),
                ],
            ),
        ],
    },
    "palliatif": {
        "label": "Soins palliatifs à domicile",
        "problems": [
            (
                "pain",
                "Douleur et symptômes d'inconfort",
                [
                    (
                        "Soulager la douleur (EVA ≤ 3)",
                        [
                            ("Adaptation du traitement antalgique", "care"),
                            ("Prescriptions anticipées personnalisées", "care"),
                        ],
                    ),
                ],
            ),
            (
                "carers",
                "Épuisement de l'aidant",
                [
                    (
                        "Soutenir l'aidant",
                        [
                            ("Soutien psychologique de l'aidant", "support_care"),
                            ("Solution de répit", "social"),
                        ],
                    ),
                ],
            ),
        ],
    },
    "age_fragile": {
        "label": "Personne âgée fragile",
        "problems": [
            (
                "autonomy",
                "Risque de chute",
                [
                    (
                        "Éviter les chutes",
                        [
                            ("Séances de kinésithérapie (équilibre)", "prevention"),
                            ("Téléassistance", "prevention"),
                        ],
                    ),
                ],
            ),
            (
                "nutrition",
                "Risque de dénutrition",
                [
                    (
                        "Maintenir le poids",
                        [
                            ("Portage de repas", "social"),
                            ("Consultation diététique", "support_care"),
                        ],
                    ),
                ],
            ),
        ],
    },
    "cancer": {
        "label": "Cancer en cours de traitement",
        "problems": [
            (
                "medical",
                "Effets indésirables du traitement",
                [
                    (
                        "Repérer et traiter tôt les effets indésirables",
                        [
                            ("Surveillance infirmière après chaque cure", "care"),
                            ("Éducation aux signes d'alerte", "education"),
                        ],
                    ),
                ],
            ),
            (
                "psychological",
                "Anxiété liée à la maladie",
                [
                    (
                        "Diminuer l'anxiété",
                        [
                            ("Consultations de psychologue (soins de support)", "support_care"),
                            ("Activité physique adaptée", "support_care"),
                        ],
                    ),
                ],
            ),
        ],
    },
}


def template_choices() -> list[tuple[str, str]]:
    return [(key, value["label"]) for key, value in TEMPLATES.items()]
