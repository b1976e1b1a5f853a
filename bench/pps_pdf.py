"""Median time to render the PPS PDF of a plan with 40 actions (target: under 1 s).

    .venv/bin/python bench/pps_pdf.py

Builds a throw-away SQLite database in memory with a fictional patient, renders the PDF 20
times through the same code as the download, and prints the median (wall clock and CPU time of
this process: on a shared machine the wall clock mostly measures the other processes, so the
load average is printed too), then the share of our code (queries and template: the HTML) in
the total, the rest being WeasyPrint (layout and PDF writing).
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

RUNS = 20


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
    from django.template.loader import render_to_string

    from maillage.accounts.tests.factories import MembershipFactory
    from maillage.careplans.builders import validated
    from maillage.careplans.documents import TEMPLATES, document_context, render_document
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
    start = time.perf_counter()
    render_document(version, DocumentKind.PPS, user=coordinator)  # warm-up (fonts, templates)
    first = time.perf_counter() - start
    runs, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        content = render_document(version, DocumentKind.PPS, user=coordinator)
        runs.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    html_cpu = []
    for _ in range(RUNS):
        start_cpu = time.process_time()
        render_to_string(TEMPLATES[DocumentKind.PPS], document_context(version))
        html_cpu.append(time.process_time() - start_cpu)
    ours = statistics.median(html_cpu) / statistics.median(cpu)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"PPS PDF, 40 actions: median {statistics.median(runs):.3f} s over {RUNS} runs "
        f"(min {min(runs):.3f} s, max {max(runs):.3f} s; first render {first:.3f} s; "
        f"{len(content) // 1024} KiB)\n"
        f"CPU time of the process: median {statistics.median(cpu):.3f} s "
        f"(min {min(cpu):.3f} s); our code (queries + HTML) {ours:.0%}, "
        f"WeasyPrint {1 - ours:.0%}\n"
        f"load average (1, 5, 15 min): {load} on {os.cpu_count()} CPUs"
    )


if __name__ == "__main__":
    main()
