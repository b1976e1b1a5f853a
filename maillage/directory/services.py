"""Writes on the directory: hand-made professionals, what a network adds, corrected contact
data, curated resources. Atomic and audited."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from maillage.audit import record
from maillage.core.text import normalise
from maillage.directory.models import (
    Activity,
    Professional,
    ProfessionalNetworkInfo,
    Resource,
    Source,
)
from maillage.directory.search import forget_vocabulary

CONTACT_FIELDS = ("phone", "phone2", "email")


@transaction.atomic
def professional_create(*, actor, network, data: dict, activity: dict) -> Professional:
    """A professional without national identifier (APA teacher, sophrologist…), with one
    activity place. Hand-made: no import ever deactivates it."""
    professional = Professional(
        source=Source.MANUAL,
        civility=data.get("civility", ""),
        last_name=data["last_name"].strip(),
        first_name=data.get("first_name", "").strip(),
        profession=data["profession"].strip(),
        mssante_email=data.get("mssante_email", ""),
    )
    professional.search_name = normalise(f"{professional.last_name} {professional.first_name}")
    professional.save()
    Activity.objects.create(
        professional=professional, source=Source.MANUAL, contact_edited=True, **activity
    )
    forget_vocabulary()
    record("directory.professional.created", actor=actor, network=network, target=professional)
    return professional


@transaction.atomic
def network_info_update(
    *, actor, network, professional: Professional, data: dict
) -> ProfessionalNetworkInfo:
    info, _ = ProfessionalNetworkInfo.objects.get_or_create(
        network=network, professional=professional
    )
    changed = [name for name, value in data.items() if getattr(info, name) != value]
    for name, value in data.items():
        setattr(info, name, value)
    info.save()
    record(
        "directory.professional_network_info.updated",
        actor=actor,
        network=network,
        target=professional,
        details={"fields": changed},
    )
    return info


@transaction.atomic
def professional_mssante_update(*, actor, network, professional: Professional, email: str) -> None:
    if professional.mssante_email == email:
        return
    professional.mssante_email = email
    professional.save(update_fields=["mssante_email", "updated_at"])
    record(
        "directory.professional.updated",
        actor=actor,
        network=network,
        target=professional,
        details={"fields": ["mssante_email"]},
    )


@transaction.atomic
def activity_contact_update(*, actor, network, activity: Activity, data: dict) -> Activity:
    """A network's correction of a place's contact data: it wins over later imports."""
    changed = [f for f in CONTACT_FIELDS if getattr(activity, f) != data[f]]
    for name in CONTACT_FIELDS:
        setattr(activity, name, data[name])
    activity.contact_edited = True
    activity.save(update_fields=[*CONTACT_FIELDS, "contact_edited", "updated_at"])
    record(
        "directory.activity.contact_updated",
        actor=actor,
        network=network,
        target=activity,
        details={"fields": changed, "professional": str(activity.professional.public_id)},
    )
    return activity


def _resource_search_name(resource: Resource) -> str:
    provider = resource.organisation or resource.professional
    return normalise(f"{resource.name} {provider or ''}")[:400]


@transaction.atomic
def resource_save(
    *, actor, network, resource: Resource, thematics, communes, created: bool
) -> Resource:
    resource.network = network
    resource.search_name = _resource_search_name(resource)
    resource.save()
    resource.thematics.set(thematics)
    resource.area.set(communes)
    record(
        "directory.resource.created" if created else "directory.resource.updated",
        actor=actor,
        network=network,
        target=resource,
    )
    return resource


@transaction.atomic
def resource_mark_checked(*, actor, network, resource: Resource) -> None:
    resource.checked_on = timezone.localdate()
    resource.save(update_fields=["checked_on", "updated_at"])
    record("directory.resource.checked", actor=actor, network=network, target=resource)
