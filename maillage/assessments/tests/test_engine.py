"""The instrument engine: registry, validation messages in French naming the item, drafts."""

import pytest

from maillage.assessments.instruments import (
    INSTRUMENTS,
    AnswerError,
    PointsInstrument,
    UnknownInstrument,
    get_instrument,
)

MNA_SF = get_instrument("mna_sf")
ZARIT = get_instrument("zarit")
DN4 = get_instrument("dn4")


def messages(instrument, answers):
    with pytest.raises(AnswerError) as error:
        instrument.score(answers)
    return error.value.messages


def test_the_registry_holds_every_instrument_of_the_issue_in_its_order():
    assert list(INSTRUMENTS) == [
        "aggir",
        "mna_sf",
        "mna",
        "zarit",
        "pain_nrs",
        "dn4",
        "algoplus",
        "doloplus",
        "hads",
        "ecog",
        "karnofsky",
        "pallia_10",
        "mini_gds",
        "gds_15",
        "katz",
        "lawton",
        "esas_r",
        "gfst",
        "sega_a",
        "fried",
        "mmse",
    ]


@pytest.mark.parametrize(
    ("name", "code"),
    [("MNA-SF", "mna_sf"), ("gds15", "gds_15"), ("PALLIA-10", "pallia_10"), ("EN", "pain_nrs")],
)
def test_it_finds_an_instrument_by_code_or_alias(name, code):
    assert get_instrument(name).code == code


def test_it_names_the_known_codes_for_an_unknown_instrument():
    with pytest.raises(UnknownInstrument, match=r"Instrument inconnu : « barthel ».*mna_sf"):
        get_instrument("barthel")


def test_every_instrument_is_fully_declared():
    for instrument in INSTRUMENTS.values():
        assert instrument.name and instrument.version and instrument.source, instrument.code
        assert instrument.licence and instrument.notes and instrument.domain, instrument.code
        if instrument.licensed_wording:
            assert instrument.official_form, instrument.code
        if isinstance(instrument, PointsInstrument):
            refs = [item.ref for item in instrument.items]
            keys = [item.key for item in instrument.items]
            assert len(set(refs)) == len(refs) and len(set(keys)) == len(keys), instrument.code
            for item in instrument.items:
                values = [repr(c.value) for c in item.choices]
                assert len(set(values)) == len(values), (instrument.code, item.ref)
            assert instrument.bands[0].minimum <= instrument.min_score, instrument.code


def test_it_names_an_out_of_range_item():
    assert messages(MNA_SF, {"items": [2, 5, 2, 2, 2, 3]}) == [
        "MNA-SF, item B (Perte de poids récente (moins de 3 mois)) : 5 n'est pas une réponse "
        "permise (réponses permises : 0, 1, 2, 3)."
    ]


def test_it_names_each_missing_item():
    assert messages(MNA_SF, {"items": [2, 3, 2, 2]}) == [
        "MNA-SF, item E (Problèmes neuropsychologiques) : réponse manquante.",
        "MNA-SF, item F (IMC (F1) ou, à défaut, circonférence du mollet (F2)) : réponse manquante.",
    ]
    assert messages(MNA_SF, {"items": [2, None, 2, 2, 2, 3]}) == [
        "MNA-SF, item B (Perte de poids récente (moins de 3 mois)) : réponse manquante."
    ]


def test_it_refuses_extra_answers_and_a_wrong_shape():
    assert messages(MNA_SF, {"items": [2, 3, 2, 2, 2, 3, 1]}) == [
        "MNA-SF : 7 réponses reçues pour 6 items ; retirez les réponses en trop."
    ]
    assert "les réponses doivent être un objet" in messages(MNA_SF, [2, 3, 2, 2, 2, 3])[0]
    assert "doit être une liste" in messages(MNA_SF, {"items": "232223"})[0]


def test_a_boolean_is_not_a_point_and_a_point_is_not_a_boolean():
    assert messages(ZARIT, {"items": [True] + [0] * 21})[0].startswith(
        "Zarit, item 1 (Demande d'aide excessive) : oui (true) n'est pas une réponse permise"
    )
    assert (
        "item 1 (Brûlure) : 1 n'est pas une réponse permise (réponses permises : oui (true) "
        "ou non (false))" in messages(DN4, {"items": [1] + [False] * 9})[0]
    )


def test_it_accepts_answers_keyed_by_reference_or_key():
    by_ref = MNA_SF.score({"items": {"A": 2, "B": 3, "C": 2, "D": 2, "E": 2, "F": 3}})
    by_key = MNA_SF.score(
        {
            "items": {
                "food_intake": 2,
                "weight_loss": 3,
                "mobility": 2,
                "acute_stress": 2,
                "neuropsychological": 2,
                "bmi_or_calf": 3,
            }
        }
    )
    assert by_ref.score == by_key.score == 14
    assert "« G » n'est pas un item" in messages(MNA_SF, {"items": {"G": 1}})[0]


def test_decimal_points_are_exact():
    mna = get_instrument("mna")
    screening = [2, 3, 2, 2, 2, 3]
    assessment = [1, 1, 1, 2, 0.5, 1, 0.5, 2, 2, 0.5, 0, 1]  # 12.5
    result = mna.score({"items": screening + assessment})
    assert result.as_dict()["score"] == 26.5
    assert "0,5" in mna.items[10].allowed_text()


def test_a_partial_set_of_answers_is_a_draft_never_scored():
    draft = {"items": [2, None, 2]}
    assert MNA_SF.canonical(draft) == {"items": [2, None, 2, None, None, None]}
    assert not MNA_SF.is_complete(draft)
    with pytest.raises(AnswerError):
        MNA_SF.score(draft)
    # A draft still refuses a value that is not allowed.
    with pytest.raises(AnswerError, match="item C"):
        MNA_SF.canonical({"items": [2, None, 9]})


def test_string_answers_from_forms_are_read_as_numbers():
    assert MNA_SF.score({"items": ["2", "3", "2", "2", "2", "3"]}).score == 14
    assert MNA_SF.canonical({"items": ["2", "", "1"]}) == {"items": [2, None, 1, None, None, None]}
