"""Where the PPS reads from other apps: the assessment's identified problems and the GIR.

Both go through one small adapter each, so that the PPS works (problems added by hand, no GIR)
before or without the assessments app's stored side.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProblemProposal:
    domain: str
    label: str
    code: str = ""
    source_uuid: object = None


def assessment_problems(patient) -> list[ProblemProposal]:
    """The identified problems of the patient's assessments (`problems_for_pps`), or []."""
    try:
        from maillage.assessments.selectors import problems_for_pps
    except ImportError:
        return []
    from maillage.careplans.models import ProblemDomain

    domains = set(ProblemDomain.values)
    # Assessment sections without a PPS domain of their own.
    aliases = {
        "social_rights": ProblemDomain.SOCIAL,
        "resources": ProblemDomain.SOCIAL,
        "access": ProblemDomain.SOCIAL,
        "wishes": ProblemDomain.SOCIAL,
        "cognitive": ProblemDomain.PSYCHOLOGICAL,
    }
    proposals = []
    for problem in problems_for_pps(patient):
        domain = aliases.get(problem.domain, problem.domain or "")
        proposals.append(
            ProblemProposal(
                domain=domain if domain in domains else ProblemDomain.MEDICAL,
                label=str(getattr(problem, "label", "") or problem),
                code=str(getattr(problem, "code", "") or ""),
                source_uuid=getattr(problem, "public_id", None),
            )
        )
    return proposals


def latest_gir(patient) -> int | None:
    """The GIR of the latest signed AGGIR, when the assessments app offers it."""
    try:
        from maillage.assessments.selectors import latest_gir as _latest_gir
    except ImportError:
        return None
    value = _latest_gir(patient)
    return int(value) if value else None
