"""files:download, the only way out for a stored file: owner's check, audit, safe headers."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import Role
from maillage.accounts.tests.factories import MembershipFactory
from maillage.audit.models import AuditEvent
from maillage.files.models import ScanStatus, StoredFile
from maillage.files.services import store_upload
from maillage.files.tests import samples
from maillage.files.tests.samples import kept_files, upload
from maillage.retention.tests.factories import SampleRecordFactory


@pytest.fixture
def stored(coordinator, network, record):
    return store_upload(
        actor=coordinator,
        network=network,
        uploaded_file=upload("Lettre de sortie.pdf", samples.pdf()),
        use="tests.attachment",
        owner=record,
    )


def _url(stored_file):
    return reverse("files:download", kwargs={"public_id": stored_file.public_id})


def _downloads():
    return AuditEvent.objects.filter(action="files.file.downloaded")


@pytest.mark.parametrize("persona", ["coordinator", "medical_lead", "director"])
def test_it_serves_the_file_to_whom_the_owner_allows(request, persona, client_for, stored):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(_url(stored))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.pdf()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Lettre de sortie.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert "no-store" in response["Cache-Control"]
    event = _downloads().get()
    assert event.actor_uuid == user.public_id
    assert event.target_uuid == stored.public_id
    assert event.network_uuid == stored.network.public_id


@pytest.mark.parametrize(
    "persona",
    ["reception", "network_admin", "coordinator_other_network", "external_outside"],
)
def test_it_answers_404_to_anyone_else(request, persona, client_for, stored):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(_url(stored)).status_code == 404
    assert not _downloads().exists()


def test_the_anonymous_visitor_is_sent_to_login(stored):
    response = Client().get(_url(stored))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_member_of_both_networks_reads_through_the_owner_rule(
    client_for, coordinator_other_network, stored, network
):
    MembershipFactory(user=coordinator_other_network, network=network, role=Role.COORDINATOR)
    assert client_for(coordinator_other_network, network).get(_url(stored)).status_code == 200


def test_a_file_of_an_unregistered_owner_type_is_never_served(client_for, coordinator, stored):
    StoredFile.objects.filter(pk=stored.pk).update(owner_type="nowhere.thing")
    assert client_for(coordinator).get(_url(stored)).status_code == 404


def test_an_unattached_file_is_never_served(client_for, coordinator, network):
    loose = store_upload(
        actor=coordinator,
        network=network,
        uploaded_file=upload("a.pdf", samples.pdf()),
        use="tests.attachment",
    )
    assert client_for(coordinator).get(_url(loose)).status_code == 404


def test_an_archived_file_is_not_served(client_for, coordinator, stored):
    StoredFile.all_objects.filter(pk=stored.pk).update(archived_at=stored.created_at)
    assert client_for(coordinator).get(_url(stored)).status_code == 404


def test_a_file_in_quarantine_is_not_served_when_the_antivirus_is_required(
    settings, client_for, coordinator, stored
):
    StoredFile.objects.filter(pk=stored.pk).update(scan_status=ScanStatus.PENDING)
    settings.CLAMD_REQUIRED = True
    assert client_for(coordinator).get(_url(stored)).status_code == 404


def test_an_unknown_id_gives_404(client_for, coordinator):
    url = reverse("files:download", kwargs={"public_id": "00000000-0000-4000-8000-000000000000"})
    assert client_for(coordinator).get(url).status_code == 404


def test_the_web_server_sends_the_bytes_with_x_accel_redirect(
    settings, client_for, coordinator, stored
):
    settings.FILES_X_ACCEL_PREFIX = "/_fichiers_proteges/"
    response = client_for(coordinator).get(_url(stored))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_fichiers_proteges/{stored.storage_name}"
    assert response.content == b""
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert _downloads().count() == 1


def test_it_keeps_its_query_count(client_for, coordinator, stored, django_assert_max_num_queries):
    client = client_for(coordinator)
    SampleRecordFactory.create_batch(3, network=stored.network)
    # session, user, device, membership, file, owner check, audit (4 with savepoints, one more
    # on PostgreSQL for the chain lock), session
    with django_assert_max_num_queries(14):
        response = client.get(_url(stored))
    assert response.status_code == 200


def test_a_2_gb_upload_is_refused_before_it_is_read(client_for, coordinator):
    """Django would stream it to a temporary file: the upload handler refuses on the header."""
    boundary = "BoUnDaRy"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="fichier"; '
        f'filename="scanner.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
    ).encode() + b"%PDF-1.4 ..."
    response = client_for(coordinator).post(
        reverse("accounts:reauth"),
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
        CONTENT_LENGTH=str(2 * 1024**3),
    )
    assert response.status_code == 413
    assert "Fichier trop volumineux" in response.content.decode()
    assert kept_files(settings.PRIVATE_FILES_ROOT) == []


def test_the_upload_handler_counts_the_bytes_actually_received(settings):
    from django.core.exceptions import RequestDataTooBig

    from maillage.files.uploadhandlers import SizeLimitUploadHandler

    settings.FILES_MAX_REQUEST_BYTES = 1000
    handler = SizeLimitUploadHandler()
    handler.handle_raw_input(None, {}, 10, "b")  # the client announced a small body…
    handler.receive_data_chunk(b"x" * 600, 0)
    with pytest.raises(RequestDataTooBig):  # …and sent more
        handler.receive_data_chunk(b"x" * 600, 600)
