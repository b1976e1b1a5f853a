"""The PPS PDF across pages: a plan of 40 actions stays readable on every page."""

import io

import pytest
from django.utils import formats, timezone, translation
from pypdf import PdfReader

from maillage.careplans.documents import render_document
from maillage.careplans.models import DocumentKind
from maillage.careplans.tests.factories import validated

pytestmark = pytest.mark.django_db


def test_a_long_plan_repeats_its_headings_and_goal_numbers_on_every_page(
    coordinator, followed_patient, gp_member
):
    version = validated(coordinator, followed_patient, member=gp_member, actions=40)
    content = render_document(version, DocumentKind.PPS, user=coordinator)
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages]
    assert len(pages) >= 3
    with translation.override("fr"):
        day = formats.date_format(timezone.localdate(), "j F Y")
    plan_pages = [text for text in pages if "Kinésithérapie d'équilibre" in text]
    assert len(plan_pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} sur {len(pages)}" in text
        assert "Confidentiel — généré par" in text
        if number > 1:
            assert f"version 1 du {day}" in text  # the running header, in French
    for text in plan_pages:
        assert "Action Qui agit Fréquence, dates Critères de réussite État" in text
        assert "1.1 Kinésithérapie d'équilibre" in text
    assert "Problème 1 : Risque de chute (Autonomie, R29.6) — objectif partagé 1.1" in " ".join(
        pages
    )
    assert all(f"équilibre {i} —" in " ".join(pages) for i in range(1, 41))
