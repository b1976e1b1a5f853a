import pytest

from maillage.coordination.tests.factories import HospitalFactory
from maillage.patients.tests.factories import CareTeamMemberFactory, ExternalUserFactory


@pytest.fixture
def home_nurse(followed_patient):
    """A home nurse with a login, in followed_patient's care team."""
    user = ExternalUserFactory(first_name="Inès", last_name="Soignante")
    CareTeamMemberFactory(patient=followed_patient, role="nurse", external_user=user)
    return user


@pytest.fixture
def hospital_social_worker(followed_patient):
    user = ExternalUserFactory(first_name="Hélène", last_name="Liaison")
    CareTeamMemberFactory(patient=followed_patient, role="hospital", external_user=user)
    return user


@pytest.fixture
def hospital(db):
    return HospitalFactory()
