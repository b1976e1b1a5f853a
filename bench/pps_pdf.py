"""Median time to render the PPS PDF of a plan with 40 actions (target: under 1 s).

    .venv/bin/python bench/pps_pdf.py

Builds a throw-away SQLite database in memory with a fictional patient, renders the PDF 20
times through the same code as the download, and prints the median.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DATABASE_URL"] = "sqlite://:memory:"

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def main() -> None:
    from django.conf import settings
    from django.test import override_settings

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        run()


def run() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    from maillage.accounts.tests.factories import MembershipFactory
    from maillage.careplans.builders import validated
    from maillage.careplans.documents import render_document
    from maillage.careplans.models import DocumentKind
    from maillage.networks.tests.factories import NetworkFactory
    from maillage.patients.tests.factories import (
        CareTeamMemberFactory,
        ConsentFactory,
        EnrolmentFactory,
        PatientFactory,
    )

    network = NetworkFactory()
    coordinator = MembershipFactory(network=network, role="coordinator").user
    patient = PatientFactory(network=network)
    EnrolmentFactory(patient=patient, lead_coordinator=coordinator)
    ConsentFactory(patient=patient, recorded_by=coordinator)
    member = CareTeamMemberFactory(patient=patient, role="gp")
    version = validated(coordinator, patient, member=member, actions=40)
    render_document(version, DocumentKind.PPS, user=coordinator)  # warm-up (fonts, templates)
    runs = []
    for _ in range(20):
        start = time.perf_counter()
        content = render_document(version, DocumentKind.PPS, user=coordinator)
        runs.append(time.perf_counter() - start)
    print(
        f"PPS PDF, 40 actions: median {statistics.median(runs):.3f} s over 20 runs "
        f"(min {min(runs):.3f} s, max {max(runs):.3f} s, {len(content) // 1024} KiB)"
    )


if __name__ == "__main__":
    main()
