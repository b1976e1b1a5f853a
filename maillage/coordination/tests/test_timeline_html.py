"""The timeline's rows are written in Python (views.patient._entries_html) rather than by a
template loop: the markup must stay the loop's, byte for byte, escaping included."""

import datetime
import uuid
from types import SimpleNamespace

import pytest
from django.template import engines
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone

from maillage.coordination.views.patient import _entries_html
from maillage.patients.models import Confidentiality, JournalKind, RuptureTag
from maillage.patients.tests.factories import JournalEntryFactory

pytestmark = pytest.mark.django_db
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'

# The loop coordination/timeline.html used to run, over the dicts the view used to build.
LOOP = """<div data-testid="timeline">
{% for entry in entries %}
<article class="journal-entry" data-kind="{{ entry.kind }}">
  <header><strong>{{ entry.when }} — {{ entry.kind_label }}{% if entry.title %} : {{ entry.title }}{% endif %}</strong>
    <small class="muted">· {{ entry.author_name }} · {{ entry.confidentiality_label }}{% if entry.duration_minutes %} · {{ entry.duration_minutes }} min{% endif %}</small>{% if entry.rupture_label %} <span class="badge badge-alert">{{ entry.rupture_label }}</span>{% endif %}</header>
  <p class="body">{{ entry.body }}</p>
  {% if entry.participants %}<p class="muted">Participants : {{ entry.participants }}</p>{% endif %}
  {% if entry.attachments %}{% for f in entry.attachments %}<p><a href="{% url 'files:download' public_id=f.public_id %}">Pièce jointe : {{ f.original_name }}</a></p>{% endfor %}{% endif %}
</article>
{% empty %}
<p>Aucune entrée.</p>
{% endfor %}
</div>"""  # noqa: E501
# What the page writes now.
NOW = """<div data-testid="timeline">
{% if entries_html %}{{ entries_html }}{% else %}
<p>Aucune entrée.</p>
{% endif %}
</div>"""


def _old_row(entry) -> dict:
    return {
        "kind": entry.kind,
        "when": timezone.localtime(entry.occurred_at).strftime("%d/%m/%Y %H:%M"),
        "kind_label": dict(JournalKind.choices).get(entry.kind, entry.kind),
        "title": entry.title,
        "author_name": entry.author.full_name if entry.author_id else "automatique",
        "confidentiality_label": dict(Confidentiality.choices).get(entry.confidentiality, ""),
        "duration_minutes": entry.duration_minutes,
        "rupture_label": dict(RuptureTag.choices).get(entry.rupture_tag, entry.rupture_tag)
        if entry.rupture_tag
        else "",
        "body": linebreaksbr(entry.body, autoescape=True),
        "participants": entry.participants,
        "attachments": entry.attachments,
    }


def _render(source: str, context: dict) -> str:
    return engines["django"].from_string(source).render(context)


def test_the_rows_are_the_loops_byte_for_byte(followed_patient, coordinator):
    now = timezone.now()
    entries = [
        JournalEntryFactory.build(
            patient=followed_patient, author=coordinator, body="Appel\nsimple"
        ),
        JournalEntryFactory.build(
            patient=followed_patient,
            author=coordinator,
            kind=JournalKind.MEETING,
            occurred_at=now - datetime.timedelta(days=400, minutes=7),
            title=XSS,
            body=f"Ligne 1\r\nLigne 2 & {XSS}\n\nFin",
            participants=f"Dr A & {XSS}",
            duration_minutes=1500,
            confidentiality=Confidentiality.MEDICAL,
            rupture_tag=RuptureTag.UNMET_NEED,
        ),
        JournalEntryFactory.build(
            patient=followed_patient,
            author=None,
            kind=JournalKind.NOTE,
            confidentiality=Confidentiality.NETWORK_STAFF,
            rupture_tag=RuptureTag.RUPTURE,
            duration_minutes=0,
        ),
    ]
    coordinator.first_name = f"Jo <b>{XSS}"
    for entry in entries:
        entry.attachments = []
        if entry.author_id:
            entry.author = coordinator
    entries[1].attachments = [
        SimpleNamespace(public_id=uuid.uuid4(), original_name=f"compte-rendu {XSS}.pdf"),
        SimpleNamespace(public_id=uuid.uuid4(), original_name="b&b.png"),
    ]
    old = _render(LOOP, {"entries": [_old_row(e) for e in entries]})
    new = _render(NOW, {"entries_html": _entries_html(entries)})
    assert new == old
    assert "<script>" not in new


def test_an_empty_timeline_is_the_loops_too():
    assert _render(NOW, {"entries_html": _entries_html([])}) == _render(LOOP, {"entries": []})


# The coordinator panel's caseload rows, as its template used to loop over them.
CASELOAD_LOOP = """<tbody>
{% for row in rows %}<tr><td><a href="{{ row.url }}">{{ row.name }}</a></td><td>{{ row.last_contact }}</td><td>{{ row.next_due }}</td></tr>
{% empty %}<tr><td colspan="3">Aucun patient suivi.</td></tr>{% endfor %}
</tbody>"""  # noqa: E501
CASELOAD_NOW = """<tbody>
{% if caseload_html %}{{ caseload_html }}{% else %}<tr><td colspan="3">Aucun patient suivi.</td></tr>{% endif %}
</tbody>"""  # noqa: E501


def _old_caseload_row(e) -> dict:
    from django.urls import reverse

    due = e.next_due_on
    return {
        "url": reverse("coordination:timeline", args=[e.patient.public_id]),
        "name": e.patient.display_name,
        "last_contact": timezone.localtime(e.last_contact).strftime("%d/%m/%Y")
        if e.last_contact
        else "aucun",
        "next_due": f"{due:%d/%m/%Y} — {e.next_due_title}" if due else "—",
    }


def test_the_caseload_rows_are_the_loops_byte_for_byte():
    from maillage.coordination.panels import _caseload_html
    from maillage.patients.tests.factories import PatientFactory

    patients = [
        PatientFactory.build(birth_name=f"D'Arc <{XSS}>", first_names="Jeanne & Zoé"),
        PatientFactory.build(birth_name="Martin", used_name="Durand"),
    ]
    rows = [
        SimpleNamespace(
            patient=patients[0],
            last_contact=timezone.now() - datetime.timedelta(days=3, hours=23),
            next_due_on=timezone.localdate(),
            next_due_title=f"Rappeler {XSS}",
        ),
        SimpleNamespace(
            patient=patients[1], last_contact=None, next_due_on=None, next_due_title=None
        ),
    ]
    old = _render(CASELOAD_LOOP, {"rows": [_old_caseload_row(e) for e in rows]})
    assert _render(CASELOAD_NOW, {"caseload_html": _caseload_html(rows)}) == old
    assert _render(CASELOAD_NOW, {"caseload_html": _caseload_html([])}) == _render(
        CASELOAD_LOOP, {"rows": []}
    )
