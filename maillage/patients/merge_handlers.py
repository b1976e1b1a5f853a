"""Merge rules for the patients app's own relations (registered in PatientsConfig.ready)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from maillage.patients.merging import IGNORE, MOVE, MergeHandler, move_rows, register_merge_handler


def _carers_merge(kept, absorbed, ctx) -> dict:
    """One current person of trust and one main carer: the kept record's win."""
    from maillage.patients.models import Carer

    demoted = {}
    for flag in ("is_trusted_person", "is_main_carer"):
        if Carer.objects.filter(patient=kept, ended_on__isnull=True, **{flag: True}).exists():
            rows = Carer.objects.filter(patient=absorbed, ended_on__isnull=True, **{flag: True})
            demoted[flag] = list(rows.values_list("pk", flat=True))
            rows.update(**{flag: False})
    return {"moved": move_rows("patients.carer", "patient", absorbed, kept), "demoted": demoted}


def _carers_undo(kept, absorbed, payload, ctx) -> None:
    from maillage.patients.models import Carer

    move_rows("patients.carer", "patient", kept, absorbed, pks=payload["moved"])
    for flag, pks in payload["demoted"].items():
        Carer.objects.filter(pk__in=pks).update(**{flag: True})


def _same_member(a, b) -> bool:
    links = ("professional_id", "organisation_id", "external_user_id")
    return all(getattr(a, link, None) == getattr(b, link, None) for link in links)


def _care_team_merge(kept, absorbed, ctx) -> dict:
    """At most one current médecin traitant: the same doctor on both records is kept once; two
    different doctors must be sorted out by a person before merging."""
    from maillage.patients.models import CareTeamEndReason, CareTeamMember
    from maillage.patients.models.careteam import GP_ROLE

    current = CareTeamMember.objects.filter(role=GP_ROLE, ended_on__isnull=True)
    kept_gp = current.filter(patient=kept).first()
    absorbed_gp = current.filter(patient=absorbed).first()
    ended = []
    if kept_gp and absorbed_gp:
        if not _same_member(kept_gp, absorbed_gp):
            raise ValidationError(
                "Les deux dossiers ont chacun un médecin traitant en cours "
                f"({kept_gp.member_name} et {absorbed_gp.member_name}) : mettez fin à l'un des "
                "deux dans l'équipe de soins avant la fusion."
            )
        CareTeamMember.objects.filter(pk=absorbed_gp.pk).update(
            ended_on=max(ctx["today"], absorbed_gp.started_on),
            end_reason=CareTeamEndReason.MERGED,
        )
        ended.append(absorbed_gp.pk)
    return {
        "moved": move_rows("patients.careteammember", "patient", absorbed, kept),
        "ended": ended,
    }


def _care_team_undo(kept, absorbed, payload, ctx) -> None:
    from maillage.patients.models import CareTeamMember

    move_rows("patients.careteammember", "patient", kept, absorbed, pks=payload["moved"])
    CareTeamMember.objects.filter(pk__in=payload["ended"]).update(ended_on=None, end_reason="")


def _enrolments_merge(kept, absorbed, ctx) -> dict:
    """One open enrolment: when both records are followed, the absorbed one's is closed."""
    from maillage.patients.models import ClosureReason, Enrolment

    closed = []
    if Enrolment.objects.filter(patient=kept, closed_on__isnull=True).exists():
        for enrolment in Enrolment.objects.filter(patient=absorbed, closed_on__isnull=True):
            Enrolment.objects.filter(pk=enrolment.pk).update(
                closed_on=max(ctx["today"], enrolment.started_on),
                closed_reason=ClosureReason.MERGED,
                closed_by=ctx["actor"],
                closure_note="Clôturée par la fusion de deux dossiers du même patient.",
            )
            closed.append(enrolment.pk)
    return {"moved": move_rows("patients.enrolment", "patient", absorbed, kept), "closed": closed}


def _enrolments_undo(kept, absorbed, payload, ctx) -> None:
    from maillage.patients.models import Enrolment

    move_rows("patients.enrolment", "patient", kept, absorbed, pks=payload["moved"])
    Enrolment.objects.filter(pk__in=payload["closed"]).update(
        closed_on=None, closed_reason="", closed_by=None, closure_note=""
    )


def register() -> None:
    register_merge_handler("patients.patient", "merged_into", IGNORE)
    register_merge_handler("patients.patientmerge", "kept", IGNORE)
    register_merge_handler("patients.patientmerge", "absorbed", IGNORE)
    register_merge_handler("patients.consent", "patient", MOVE)
    register_merge_handler("patients.journalentry", "patient", MOVE)
    register_merge_handler("patients.task", "patient", MOVE)
    register_merge_handler("patients.carer", "patient", MergeHandler(_carers_merge, _carers_undo))
    register_merge_handler(
        "patients.careteammember", "patient", MergeHandler(_care_team_merge, _care_team_undo)
    )
    register_merge_handler(
        "patients.enrolment", "patient", MergeHandler(_enrolments_merge, _enrolments_undo)
    )
