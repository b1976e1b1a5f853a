"""Choice lists of the support-care app (values in English, labels in French)."""

from django.db import models


class SupportKind(models.TextChoices):
    PSYCHOLOGY = "psychology", "Psychologue"
    DIETETICS = "dietetics", "Diététique"
    APA = "apa", "Activité physique adaptée (APA)"
    SOPHROLOGY = "sophrology", "Sophrologie"
    SOCIO_AESTHETICS = "socio_aesthetics", "Socio-esthétique"
    SOCIAL = "social", "Accompagnement social"
    REHABILITATION = "rehabilitation", "Rééducation"


class ActKind(models.TextChoices):
    """What a paid act is: the first assessment of a kind, a follow-up consultation, or a plain
    session (lines that pay every session the same)."""

    INITIAL = "initial", "Bilan initial"
    FOLLOW_UP = "follow_up", "Consultation de suivi"
    SESSION = "session", "Séance"


class Funder(models.TextChoices):
    ARS_FIR = "ars_fir", "ARS (fonds d'intervention régional)"
    NATIONAL = "national", "Dispositif national"
    OTHER = "other", "Autre financeur"


class TreatmentCondition(models.TextChoices):
    """What a rule asks about the treatment phase of the patient."""

    ANY = "any", "Aucune condition de traitement"
    IN_TREATMENT = "in_treatment", "En cours de traitement"
    AFTER_TREATMENT = "after_treatment", "Après la fin du traitement"
    IN_OR_AFTER = "in_or_after", "En cours de traitement ou après sa fin"


class TreatmentPhase(models.TextChoices):
    """The patient's phase, recorded as evidence on a referral."""

    IN_TREATMENT = "in_treatment", "En cours de traitement"
    AFTER_TREATMENT = "after_treatment", "Traitement terminé"
    NOT_APPLICABLE = "not_applicable", "Sans objet"


class PrescriberRole(models.TextChoices):
    ONCOLOGIST = "oncologist", "Cancérologue"
    PAEDIATRICIAN = "paediatrician", "Pédiatre"
    GP = "gp", "Médecin traitant"
    OTHER_DOCTOR = "other_doctor", "Autre médecin"
