"""The role × data-category matrix: the single source of who may read or write what.

`docs/permissions.md` is generated from this module (`manage.py permissions_doc`), and a test
fails when the two differ. Code asks `can_read(role, category)` / `can_write(role, category)`.
"""

from enum import StrEnum


class Category(StrEnum):
    IDENTITY = "identity"
    CONTACT = "contact"
    SOCIAL = "social"
    MEDICAL = "medical"
    PSYCHOLOGICAL = "psychological"
    FINANCIAL = "financial"
    ADMINISTRATIVE = "administrative"


CATEGORY_LABELS = {
    Category.IDENTITY: "Identité",
    Category.CONTACT: "Coordonnées",
    Category.SOCIAL: "Social",
    Category.MEDICAL: "Médical",
    Category.PSYCHOLOGICAL: "Psychologique",
    Category.FINANCIAL: "Financier",
    Category.ADMINISTRATIVE: "Administratif",
}

# Staff roles (Membership.role) and external care-team roles (CareTeamMember.role).
STAFF_ROLES = ["reception", "coordinator", "medical_lead", "director", "network_admin"]
EXTERNAL_ROLES = [
    "gp",
    "nurse",
    "pharmacist",
    "physiotherapist",
    "specialist",
    "hospital",
    "social_worker",
    "home_help",
    "support_care_provider",
]
ROLE_LABELS = {
    "reception": "Accueil",
    "coordinator": "Coordinateur·rice",
    "medical_lead": "Médecin coordonnateur",
    "director": "Direction",
    "network_admin": "Administrateur du réseau",
    "gp": "Médecin traitant",
    "nurse": "Infirmier·e",
    "pharmacist": "Pharmacien·ne",
    "physiotherapist": "Masseur-kinésithérapeute",
    "specialist": "Médecin spécialiste",
    "hospital": "Service hospitalier",
    "social_worker": "Travailleur·se social·e",
    "home_help": "Service d'aide à domicile",
    "support_care_provider": "Intervenant en soins de support",
}

NONE, READ, WRITE = "", "R", "RW"
_C = Category

MATRIX: dict[str, dict[Category, str]] = {
    "reception": {
        _C.IDENTITY: WRITE,
        _C.CONTACT: WRITE,
        _C.SOCIAL: NONE,
        _C.MEDICAL: NONE,
        _C.PSYCHOLOGICAL: NONE,
        _C.FINANCIAL: NONE,
        _C.ADMINISTRATIVE: READ,
    },
    "coordinator": {
        _C.IDENTITY: WRITE,
        _C.CONTACT: WRITE,
        _C.SOCIAL: WRITE,
        _C.MEDICAL: WRITE,
        _C.PSYCHOLOGICAL: WRITE,
        _C.FINANCIAL: WRITE,
        _C.ADMINISTRATIVE: WRITE,
    },
    "medical_lead": {
        _C.IDENTITY: WRITE,
        _C.CONTACT: WRITE,
        _C.SOCIAL: WRITE,
        _C.MEDICAL: WRITE,
        _C.PSYCHOLOGICAL: WRITE,
        _C.FINANCIAL: READ,
        _C.ADMINISTRATIVE: WRITE,
    },
    "director": {
        _C.IDENTITY: READ,
        _C.CONTACT: READ,
        _C.SOCIAL: READ,
        _C.MEDICAL: NONE,
        _C.PSYCHOLOGICAL: NONE,
        _C.FINANCIAL: WRITE,
        _C.ADMINISTRATIVE: WRITE,
    },
    "network_admin": {
        _C.IDENTITY: NONE,
        _C.CONTACT: NONE,
        _C.SOCIAL: NONE,
        _C.MEDICAL: NONE,
        _C.PSYCHOLOGICAL: NONE,
        _C.FINANCIAL: NONE,
        _C.ADMINISTRATIVE: WRITE,
    },
    "gp": {
        _C.IDENTITY: READ,
        _C.CONTACT: READ,
        _C.SOCIAL: READ,
        _C.MEDICAL: WRITE,
        _C.PSYCHOLOGICAL: READ,
        _C.FINANCIAL: NONE,
        _C.ADMINISTRATIVE: READ,
    },
    "nurse": {
        _C.IDENTITY: READ,
        _C.CONTACT: READ,
        _C.SOCIAL: READ,
        _C.MEDICAL: WRITE,
        _C.PSYCHOLOGICAL: READ,
        _C.FINANCIAL: NONE,
        _C.ADMINISTRATIVE: NONE,
    },
    "pharmacist": {
        _C.IDENTITY: READ,
        _C.CONTACT: READ,
        _C.SOCIAL: NONE,
        _C.MEDICAL: READ,
        _C.PSYCHOLOGICAL: NONE,
        _C.FINANCIAL: NONE,
        _C.ADMINISTRATIVE: NONE,
    },
    "physiotherapist": {
        _C.IDENTITY: READ,
        _C.CONTACT: READ,
        _C.SOCIAL: NONE,
        _C.MEDICAL: READ,
        _C.PSYCHOLOGICAL: NONE,
        _C.FINANCIAL: NONE,
        _C.ADMINISTRATIVE: NONE,
    },
    "specialist": {
        _C.IDENTITY: READ,
        _C.CONTACT: READ,
        _C.SOCIAL: READ,
        _C.MEDICAL: WRITE,
        _C.PSYCHOLOGICAL: READ,
        _C.FINANCIAL: NONE,
        _C.ADMINISTRATIVE: NONE,
    },
    "hospital": {
        _C.IDENTITY: READ,
        _C.CONTACT: READ,
        _C.SOCIAL: READ,
        _C.MEDICAL: WRITE,
        _C.PSYCHOLOGICAL: READ,
        _C.FINANCIAL: NONE,
        _C.ADMINISTRATIVE: READ,
    },
    "social_worker": {
        _C.IDENTITY: READ,
        _C.CONTACT: READ,
        _C.SOCIAL: WRITE,
        _C.MEDICAL: NONE,
        _C.PSYCHOLOGICAL: READ,
        _C.FINANCIAL: READ,
        _C.ADMINISTRATIVE: READ,
    },
    "home_help": {
        _C.IDENTITY: READ,
        _C.CONTACT: READ,
        _C.SOCIAL: READ,
        _C.MEDICAL: NONE,
        _C.PSYCHOLOGICAL: NONE,
        _C.FINANCIAL: NONE,
        _C.ADMINISTRATIVE: NONE,
    },
    "support_care_provider": {
        _C.IDENTITY: READ,
        _C.CONTACT: READ,
        _C.SOCIAL: NONE,
        _C.MEDICAL: NONE,
        _C.PSYCHOLOGICAL: NONE,
        _C.FINANCIAL: NONE,
        _C.ADMINISTRATIVE: NONE,
    },
}

# Actions that ask for the password again when the last authentication is older than
# REAUTH_MAX_AGE_SECONDS (see maillage.accounts.reauth).
SENSITIVE_ACTIONS = {
    "export": "Tout téléchargement de données de patients (exports, PDF, FHIR, vCard)",
    "identity_merge": "Fusion de deux dossiers patients",
    "role_change": "Modification du rôle d'un membre du réseau",
    "bank_details": "Modification des coordonnées bancaires d'un intervenant",
    "otp_reset": "Réinitialisation de la double authentification d'un compte",
    "audit_export": "Export du journal d'audit",
}
REAUTH_MAX_AGE_SECONDS = 10 * 60


def can_read(role: str, category: Category | str) -> bool:
    return MATRIX.get(role, {}).get(Category(category), NONE) in (READ, WRITE)


def can_write(role: str, category: Category | str) -> bool:
    return MATRIX.get(role, {}).get(Category(category), NONE) == WRITE


def readable_categories(role: str) -> set[Category]:
    return {cat for cat in Category if can_read(role, cat)}
