import datetime

import pytest
from django.core.exceptions import ValidationError

from maillage.patients import nir

BORN = datetime.date(1995, 10, 4)


def test_it_accepts_a_nir_matching_the_traits():
    number = nir.build(sex="F", birth_date=BORN, place_code="99126", serial=111)
    assert nir.validate_declared_nir(number, sex="F", birth_date=BORN) == number


def test_it_accepts_spaces_and_corsica():
    number = nir.build(sex="M", birth_date=datetime.date(1953, 7, 1), place_code="2B073", serial=4)
    spaced = nir.formatted(number)
    assert " " in spaced
    assert (
        nir.validate_declared_nir(spaced, sex="M", birth_date=datetime.date(1953, 7, 1)) == number
    )


def test_it_refuses_a_wrong_nir_key():
    number = nir.build(sex="F", birth_date=BORN, place_code="99126", serial=111)
    wrong = number[:13] + f"{(int(number[13:]) + 1) % 97:02d}"
    with pytest.raises(ValidationError, match="la clé"):
        nir.validate_declared_nir(wrong, sex="F", birth_date=BORN)


def test_it_refuses_a_wrong_length():
    with pytest.raises(ValidationError, match="15 caractères"):
        nir.validate_declared_nir("29510991261", sex="F", birth_date=BORN)


def test_it_refuses_a_nir_whose_sex_contradicts_the_traits_and_warns_about_carte_vitale():
    number = nir.build(sex="M", birth_date=BORN, place_code="44109", serial=1)
    with pytest.raises(ValidationError) as info:
        nir.validate_declared_nir(number, sex="F", birth_date=BORN)
    message = info.value.messages[0]
    assert message.startswith("NIR déclaré")
    assert "sexe" in message
    assert "carte Vitale" in message


def test_it_refuses_a_nir_whose_birth_month_or_year_contradicts_the_traits():
    number = nir.build(sex="F", birth_date=BORN, place_code="44109", serial=1)
    with pytest.raises(ValidationError, match="mois"):
        nir.validate_declared_nir(number, sex="F", birth_date=BORN.replace(month=11))
    with pytest.raises(ValidationError, match="année"):
        nir.validate_declared_nir(number, sex="F", birth_date=BORN.replace(year=1996))


def test_an_unknown_birth_month_is_not_compared():
    body = "2953344109001"  # month 33: unknown at registration
    number = body + nir.stdnum_nir.calc_check_digits(body + "00")
    assert nir.validate_declared_nir(number, sex="F", birth_date=BORN)


def test_the_digest_is_stable_and_does_not_contain_the_number():
    number = nir.build(sex="F", birth_date=BORN, place_code="44109", serial=1)
    assert nir.digest(number) == nir.digest(nir.formatted(number))
    assert number not in nir.digest(number)
    assert nir.masked(number).count("•") == 8
