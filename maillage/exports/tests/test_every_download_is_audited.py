"""Every response that hands a file over (Content-Disposition) left exactly one audit event.

The walk covers every named URL of the project, so the export views of apps written later are
checked without being listed here: generated files record `<app>.<thing>.exported` (through
`exports.deliver()`), stored files `files.file.downloaded` (through `files:download`).
"""

import re
import uuid

import pytest
from django.test import Client

from maillage.audit.models import AuditEvent
from maillage.exports.tests.urlwalk import named_routes, object_public_ids, urls_to_visit
from maillage.files.services import store_upload
from maillage.files.tests import samples
from maillage.retention.tests.factories import SampleRecordFactory

DOWNLOAD_ACTION = re.compile(r"\.(exported|downloaded)$")
PERSONAS = [
    "reception",
    "coordinator",
    "medical_lead",
    "director",
    "network_admin",
    "coordinator_other_network",
    "external_outside",
]


@pytest.fixture
def world(coordinator, network):
    """Something to download in network A: a stored file attached to a record."""
    record = SampleRecordFactory(network=network)
    return store_upload(
        actor=coordinator,
        network=network,
        uploaded_file=samples.upload("Compte rendu.pdf", samples.pdf()),
        use="tests.attachment",
        owner=record,
    )


def _check(client: Client, url: str, problems: list, seen: list) -> None:
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = client.get(url)
    if response.has_header("Content-Disposition"):
        seen.append(url)
        actions = list(AuditEvent.objects.filter(id__gt=last).values_list("action", flat=True))
        downloads = [a for a in actions if DOWNLOAD_ACTION.search(a)]
        if len(downloads) != 1:
            problems.append(f"{url}: {len(downloads)} évènement(s) d'export {actions}")
    if response.streaming:
        # Read to the end: the test client then closes it as a server would (calling close()
        # directly would also close the test's database connection).
        b"".join(response.streaming_content)


def test_the_walk_reaches_the_named_urls_of_every_app():
    names = {route.name for route in named_routes()}
    assert {"files:download", "accounts:login", "retention:archive_read"} <= names


def test_every_response_with_content_disposition_left_one_audit_event(
    request, client_for, world, network
):
    uuids = [uuid.uuid4(), *object_public_ids()]
    assert world.public_id in uuids
    urls = urls_to_visit(uuids, slugs=[network.slug, "x"])
    problems: list[str] = []
    seen: list[str] = []
    clients = [client_for(request.getfixturevalue(p)) for p in PERSONAS] + [Client()]
    for client in clients:
        for url in urls:
            _check(client, url, problems, seen)
    assert not problems, "\n".join(problems)
    # The walk did reach a download (the coordinator, the medical lead and the director may).
    assert seen.count(f"/fichiers/{world.public_id}/") == 3


def test_the_walk_catches_a_download_that_is_not_audited(client_for, coordinator, settings):
    settings.ROOT_URLCONF = "maillage.exports.tests.urls_unaudited"
    problems: list[str] = []
    seen: list[str] = []
    for url in urls_to_visit([uuid.uuid4()], slugs=["x"]):
        _check(client_for(coordinator), url, problems, seen)
    assert problems == ["/fuite.csv: 0 évènement(s) d'export []"]
    assert seen == ["/fuite.csv", "/propre.csv"]
