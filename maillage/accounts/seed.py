"""One demo account per role and persona, with its TOTP key printed for the demo."""

import base64

from maillage.accounts.models import EncryptedTOTPDevice, Membership, Role, User, UserKind

DEMO_PASSWORD = "Demo-Maillage-2026!"  # noqa: S105 - printed demo login, fictional data only

STAFF = [
    ("accueil@demo.maillage.fr", "Lucie", "Accueil", Role.RECEPTION, "Secrétaire"),
    (
        "coordination@demo.maillage.fr",
        "Camille",
        "Coordination",
        Role.COORDINATOR,
        "Infirmière coordinatrice",
    ),
    ("coordination2@demo.maillage.fr", "Hugo", "Parcours", Role.COORDINATOR, "Travailleur social"),
    ("medecin@demo.maillage.fr", "Claire", "Medecin", Role.MEDICAL_LEAD, "Médecin coordonnateur"),
    ("direction@demo.maillage.fr", "Paul", "Direction", Role.DIRECTOR, "Directeur"),
    ("admin@demo.maillage.fr", "Inès", "Admin", Role.NETWORK_ADMIN, "Chargée de mission"),
]
EXTERNAL = [
    ("medecin.traitant@demo.maillage.fr", "Antoine", "Généraliste", "Médecin généraliste"),
    ("infirmiere@demo.maillage.fr", "Julie", "Soins", "Infirmière libérale"),
    ("assistante.sociale@demo.maillage.fr", "Nadia", "Hopital", "Assistante sociale hospitalière"),
    ("psychologue@demo.maillage.fr", "Marc", "Soutien", "Psychologue (soins de support)"),
]


def _user(ctx, email, first, last, kind) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email, DEMO_PASSWORD, first_name=first, last_name=last, kind=kind
        )
    device = EncryptedTOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = EncryptedTOTPDevice.objects.create(
            user=user, name="Démo", confirmed=True, encrypted_key=EncryptedTOTPDevice.new_key()
        )
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    ctx.users[email] = user
    return user, secret


def seed(ctx) -> None:
    main, other = ctx.networks["main"], ctx.networks["other"]
    for email, first, last, role, profession in STAFF:
        user, secret = _user(ctx, email, first, last, "staff")
        Membership.objects.get_or_create(
            user=user,
            network=main,
            is_active=True,
            defaults={"role": role, "profession": profession},
        )
        ctx.logins.append(f"{Role(role).label:<32} {email:<42} TOTP {secret}")
    user, secret = _user(ctx, "coordination@onco-bocage.fr", "Élise", "Bocage", "staff")
    Membership.objects.get_or_create(
        user=user, network=other, is_active=True, defaults={"role": Role.COORDINATOR}
    )
    ctx.logins.append(f"{'Coordinatrice (autre réseau)':<32} {user.email:<42} TOTP {secret}")
    for email, first, last, label in EXTERNAL:
        user, secret = _user(ctx, email, first, last, UserKind.EXTERNAL)
        ctx.logins.append(f"{label:<32} {email:<42} TOTP {secret}")
    ctx.logins.append(f"Mot de passe de tous les comptes : {DEMO_PASSWORD}")
