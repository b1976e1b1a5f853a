"""`manage.py score`: JSON in (stdin or --answers), JSON out, French errors naming the item."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command


def run(*args, stdin: str | None = None) -> dict:
    out = StringIO()
    call_command("score", *args, stdin=StringIO(stdin or ""), stdout=out)
    return json.loads(out.getvalue())


def test_it_scores_mna_sf_from_stdin_as_the_issue_shows():
    # Kaiser et al. 2009: 14/14 is a normal nutritional status.
    assert run("mna_sf", stdin='{"items": [2, 3, 2, 2, 2, 3]}') == {
        "instrument": "mna_sf",
        "version": "2009",
        "score": 14,
        "category": "normal",
        "label": "État nutritionnel normal",
        "details": {"max": 14},
    }


def test_it_reads_answers_from_a_file(tmp_path):
    answers = tmp_path / "zarit.json"
    answers.write_text(json.dumps({"items": [2] * 22}), encoding="utf-8")
    result = run("zarit", "--answers", str(answers))
    assert (result["score"], result["category"]) == (44, "moderate_to_severe")


def test_it_scores_aggir_with_adverbs_and_adds_gir_rank_and_letters():
    # CASF annexe 2-2 by hand: toilette B (adverbs), habillage B, transferts B → group H
    # 6000 ≥ 4000 → rang 11 → GIR 4.
    answers = {
        "variables": {
            "coherence": "A",
            "orientation": {"temps": "A", "espace": "A"},
            "toilette": {
                "haut": "A",
                "bas": {
                    "spontanement": True,
                    "totalement": False,
                    "correctement": True,
                    "habituellement": True,
                },
            },
            "habillage": {"haut": "A", "moyen": "B", "bas": "B"},
            "alimentation": {"se_servir": "A", "manger": "A"},
            "elimination": {"urinaire": "A", "fecale": "A"},
            "transferts": "B",
            "deplacements_interieur": "A",
            "deplacements_exterieur": "B",
            "communication_distance": "A",
        }
    }
    result = run("aggir", stdin=json.dumps(answers))
    assert (result["gir"], result["rank"], result["score"], result["category"]) == (
        4,
        11,
        4,
        "gir_4",
    )
    assert result["letters"]["toilette"] == "B"
    assert list(result["letters"]) == [
        "coherence",
        "orientation",
        "toilette",
        "habillage",
        "alimentation",
        "elimination",
        "transferts",
        "deplacements_interieur",
        "deplacements_exterieur",
        "communication_distance",
    ]
    assert result["details"]["apa_eligible"] is True


def test_hads_prints_two_subscales_and_no_total():
    result = run("hads", stdin=json.dumps({"items": [1, 2] * 7}))
    assert result["score"] is None
    assert result["details"]["subscores"]["anxiety"]["score"] == 7
    assert result["details"]["subscores"]["depression"]["score"] == 14


@pytest.mark.parametrize(
    ("instrument", "stdin", "message"),
    [
        ("mna_sf", '{"items": [2, 3, 2, 2, 7, 3]}', "item E (Problèmes neuropsychologiques)"),
        ("mna_sf", '{"items": [2, 3, 2]}', "item D"),
        ("dn4", '{"items": [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]}', "item 1 (Brûlure)"),
        ("aggir", '{"variables": {"coherence": "Z"}}', "variable cohérence : « Z »"),
        (
            "aggir",
            '{"variables": {"toilette": {"haut": "A"}}}',
            "toilette, sous-variable bas du corps : manquante",
        ),
        ("zarit", "{not json", "JSON invalide"),
        ("zarit", "", "Aucune réponse reçue"),
        ("barthel", '{"items": []}', "Instrument inconnu"),
    ],
)
def test_it_refuses_bad_input_in_french(instrument, stdin, message):
    with pytest.raises(CommandError) as error:
        run(instrument, stdin=stdin)
    assert message in str(error.value)


def test_it_lists_the_instruments_and_their_item_counts():
    out = StringIO()
    call_command("score", "--list", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 21
    assert lines[0].startswith("aggir\t10 variables discriminantes (17 avec les sous-variables)")
    assert "mna_sf\t6 items\t" in out.getvalue()
    assert "zarit\t22 items\t" in out.getvalue()
    assert "pain_nrs\t1 item\t" in out.getvalue()


def test_invalid_answers_exit_non_zero_from_the_shell():
    manage = Path(settings.BASE_DIR) / "manage.py"
    completed = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, str(manage), "score", "mna_sf"],
        input='{"items": [2, 9, 2, 2, 2, 3]}',
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode != 0
    assert "item B (Perte de poids récente" in completed.stderr
    assert completed.stdout == ""
