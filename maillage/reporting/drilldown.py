"""From a figure to the rows behind it: the same querysets as `indicators.py`, filtered to one
key. Only figures about requests or patients are drillable; the lists are built for the user's
own network only (the view passes `request.network`)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from maillage.reporting import indicators as ind

REQUEST = "requests"
PATIENT = "patients"


def _requests(scope, **filters):
    return ind._requests_qs(scope).filter(**filters)


def _enrolment_patients(scope, condition: Q):
    from maillage.patients.models import Enrolment

    enrolments = Enrolment.objects.filter(
        patient=OuterRef("pk"), network_id__in=scope.network_ids
    ).filter(condition)
    if scope.thematic is not None:
        enrolments = enrolments.filter(thematics=scope.thematic)
    return scope.patients().filter(Exists(enrolments))


def resolve(key: str, scope):
    """(kind, queryset, label) for a drillable indicator key, or None."""
    from maillage.hospital.models import HospitalStay
    from maillage.patients.models import Enrolment

    parts = key.split(".")
    head = parts[0]
    if key == "requests.total":
        return REQUEST, ind._requests_qs(scope), "Demandes reçues"
    if key == "requests.received_by_forward":
        return (
            REQUEST,
            _requests(scope, forwarded_from__isnull=False),
            "Demandes reçues par transmission",
        )
    if head == "requests" and len(parts) == 3:
        group, value = parts[1], parts[2]
        if group == "by_outcome" and value in ind.OUTCOMES:
            return (
                REQUEST,
                _requests(scope, status__in=ind.OUTCOMES[value]),
                f"Demandes : {ind.OUTCOME_LABELS[value].lower()}",
            )
        if group == "by_origin" and value in ind.ORIGIN_GROUPS:
            return (
                REQUEST,
                _requests(scope, requester_quality__in=ind.ORIGIN_GROUPS[value]),
                f"Demandes : origine {ind.ORIGIN_LABELS[value].lower()}",
            )
        if group == "by_channel":
            from maillage.intake.models import Channel

            if value in Channel.values:
                return (
                    REQUEST,
                    _requests(scope, channel=value),
                    f"Demandes : canal {Channel(value).label.lower()}",
                )
    if key in ("ruptures.requests.rupture", "ruptures.requests.unmet_need"):
        return REQUEST, _requests(scope, rupture_tag=parts[2]), "Demandes signalant une rupture"
    if key == "file_active.patients" or key == "patients.total":
        return PATIENT, ind._active_patients(scope), "File active"
    if key == "patients.by_sex.F" or key == "patients.by_sex.M":
        return PATIENT, ind._active_patients(scope).filter(sex=parts[2]), "File active par sexe"
    if key == "enrolments.new":
        return (
            PATIENT,
            _enrolment_patients(scope, scope.days_in_period("started_on")),
            "Patients inclus",
        )
    if key == "enrolments.re_enrolments":
        earlier = Enrolment.objects.filter(
            patient=OuterRef("patient"), started_on__lt=OuterRef("started_on")
        )
        condition = scope.days_in_period("started_on") & Q(Exists(earlier))
        return PATIENT, _enrolment_patients(scope, condition), "Patients réinclus"
    if key == "enrolments.closed":
        return (
            PATIENT,
            _enrolment_patients(scope, scope.days_in_period("closed_on")),
            "Patients dont l'accompagnement a été clos",
        )
    if head == "enrolments" and len(parts) == 3 and parts[1] == "closures_by_reason":
        condition = scope.days_in_period("closed_on") & Q(closed_reason=parts[2])
        return PATIENT, _enrolment_patients(scope, condition), "Clôtures par motif"
    if key == "enrolments.open_at_end":
        condition = Q(started_on__lte=scope.end) & (
            Q(closed_on__isnull=True) | Q(closed_on__gt=scope.end)
        )
        return (
            PATIENT,
            _enrolment_patients(scope, condition),
            "Inclusions ouvertes en fin de période",
        )
    if key in ("hospital.patients", "hospital.readmissions_30d"):
        stays = HospitalStay.objects.filter(
            patient=OuterRef("pk"), network_id__in=scope.network_ids
        ).filter(scope.in_period("admitted_at"))
        if key == "hospital.readmissions_30d":
            stays = stays.filter(is_readmission=True)
        return PATIENT, scope.patients().filter(Exists(stays)), "Patients hospitalisés"
    return None


def is_drillable(key: str) -> bool:
    if not key:
        return False
    parts = key.split(".")
    return key in {
        "requests.total",
        "requests.received_by_forward",
        "ruptures.requests.rupture",
        "ruptures.requests.unmet_need",
        "file_active.patients",
        "patients.total",
        "patients.by_sex.F",
        "patients.by_sex.M",
        "enrolments.new",
        "enrolments.re_enrolments",
        "enrolments.closed",
        "enrolments.open_at_end",
        "hospital.patients",
        "hospital.readmissions_30d",
    } or (
        len(parts) == 3
        and (
            (parts[0] == "requests" and parts[1] in ("by_outcome", "by_origin", "by_channel"))
            or (parts[0] == "enrolments" and parts[1] == "closures_by_reason")
        )
    )
