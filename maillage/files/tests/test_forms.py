"""UploadField: the usage's cap at form validation, French messages, accepted types announced."""

from io import StringIO

from django import forms
from django.core.management import call_command

from maillage.files.forms import UploadField
from maillage.files.tests.samples import upload


class AttachmentForm(forms.Form):
    piece = UploadField(use="tests.attachment", label="Pièce jointe")


def test_it_refuses_a_file_over_the_usage_cap():
    big = upload("scan.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024))
    form = AttachmentForm(data={}, files={"piece": big})
    assert form.errors["piece"] == ["Fichier trop volumineux (10 Mo au maximum)."]


def test_it_asks_for_a_file_in_french():
    form = AttachmentForm(data={}, files={})
    assert form.errors["piece"] == ["Choisissez un fichier à déposer."]
    form = AttachmentForm(data={}, files={"piece": upload("vide.pdf", b"")})
    assert form.errors["piece"] == ["Le fichier est vide : choisissez un autre fichier."]


def test_it_announces_the_accepted_types():
    html = str(AttachmentForm()["piece"])
    assert 'accept="application/pdf,image/jpeg,image/png"' in html
    field = AttachmentForm().fields["piece"]
    assert field.help_text_for_usage == "Formats acceptés : PDF, JPEG, PNG ; 10 Mo au maximum."


def test_the_rescan_command_reports_in_french(db):
    out = StringIO()
    call_command("files_rescan", stdout=out)
    assert (
        "Fichiers sains : 0 ; infectés (supprimés) : 0 ; toujours en attente : 0." in out.getvalue()
    )
