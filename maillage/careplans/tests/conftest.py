import pytest

from maillage.patients.models import CareTeamMember


@pytest.fixture
def gp_member(followed_patient, external_in_team):
    return CareTeamMember.objects.get(patient=followed_patient, role="gp")
