"""Funding and provider pages: who may use them (others get 404), forms, re-authentication."""

from datetime import date

import pytest
from django.urls import reverse

from maillage.audit.models import AuditEvent
from maillage.supportcare.models import BankDetailsChange, FundingLine, Provider, RuleVersion
from maillage.supportcare.services.providers import bank_change_request
from maillage.supportcare.tests.factories import IBAN_A, FundingLineFactory, ProviderFactory

STAFF = ["reception", "coordinator", "medical_lead", "director", "network_admin"]
READERS = {"coordinator", "medical_lead", "director"}


def pages(line, provider, change):
    """(url, roles allowed) for every GET page of this area."""
    return [
        (reverse("supportcare:home"), READERS),
        (reverse("supportcare:funding_line_list"), READERS),
        (reverse("supportcare:funding_line_create"), {"director"}),
        (reverse("supportcare:funding_line_detail", args=[line.public_id]), READERS),
        (reverse("supportcare:funding_line_update", args=[line.public_id]), {"director"}),
        (reverse("supportcare:rule_version_create", args=[line.public_id]), {"director"}),
        (reverse("supportcare:provider_list"), READERS),
        (reverse("supportcare:provider_create"), {"coordinator", "director"}),
        (reverse("supportcare:provider_detail", args=[provider.public_id]), READERS),
        (
            reverse("supportcare:provider_update", args=[provider.public_id]),
            {"coordinator", "director"},
        ),
        (
            reverse("supportcare:convention_create", args=[provider.public_id]),
            {"coordinator", "director"},
        ),
        (
            reverse("supportcare:place_create", args=[provider.public_id]),
            {"coordinator", "director"},
        ),
        (
            reverse("supportcare:account_link", args=[provider.public_id]),
            {"coordinator", "director"},
        ),
        (
            reverse("supportcare:bank_change_create", args=[provider.public_id]),
            {"coordinator", "director"},
        ),
        (
            reverse("supportcare:bank_change_decide", args=[change.public_id]),
            {"coordinator", "director"},
        ),
    ]


@pytest.fixture
def objects(cancer_line, support_provider, coordinator):
    change = bank_change_request(
        actor=coordinator, provider=support_provider, iban=IBAN_A, account_holder="Cabinet"
    )
    return cancer_line, support_provider, change


@pytest.mark.parametrize("role", STAFF)
def test_each_page_answers_its_roles_and_404_to_the_others(request, client_for, objects, role):
    client = client_for(request.getfixturevalue(role))
    for url, allowed in pages(*objects):
        expected = 200 if role in allowed else 404
        assert client.get(url).status_code == expected, (url, role)


def test_other_network_staff_and_outsiders_get_404(
    client_for, objects, coordinator_other_network, external_outside, provider
):
    line, support_provider, _ = objects
    for user in (external_outside, provider):
        client = client_for(user)
        for url, _ in pages(*objects):
            assert client.get(url).status_code == 404, (url, user)
    # Another network's coordinator sees their own (empty) lists, and none of our objects.
    client = client_for(coordinator_other_network)
    for url, _ in pages(*objects):
        response = client.get(url)
        if "public_id" in str(response.resolver_match.kwargs):
            assert response.status_code == 404, url
        else:
            assert line.name not in response.content.decode()
            assert support_provider.name not in response.content.decode()


def test_the_other_networks_objects_are_404_for_our_director(client_for, director, other_network):
    line = FundingLineFactory(network=other_network)
    provider = ProviderFactory(network=other_network)
    client = client_for(director)
    assert (
        client.get(reverse("supportcare:funding_line_detail", args=[line.public_id])).status_code
        == 404
    )
    assert (
        client.get(reverse("supportcare:provider_detail", args=[provider.public_id])).status_code
        == 404
    )


def test_anonymous_visitors_are_sent_to_login(client, objects):
    for url, _ in pages(*objects):
        response = client.get(url)
        assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


def test_lists_and_details_keep_a_bounded_query_count(
    client_for, director, network, django_assert_max_num_queries, cancer_line
):
    for i in range(8):
        FundingLineFactory(network=network, name=f"Ligne {i}")
        ProviderFactory(network=network, kinds=["psychology", "apa"])
    client = client_for(director)
    for url in (
        reverse("supportcare:funding_line_list"),
        reverse("supportcare:provider_list"),
        reverse("supportcare:home"),
        reverse("supportcare:funding_line_detail", args=[cancer_line.public_id]),
    ):
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200


def test_a_director_creates_a_line_then_its_first_rules(client_for, director, network):
    client = client_for(director)
    response = client.post(
        reverse("supportcare:funding_line_create"),
        {
            "name": "FIR psychologues 2026",
            "funder": "ars_fir",
            "funder_name": "ARS",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "budget": "12000,50",
            "alert_percent": "80",
            "is_active": "on",
        },
    )
    line = FundingLine.objects.get(network=network)
    assert response.status_code == 302
    assert str(line.budget) == "12000.50"
    url = reverse("supportcare:rule_version_create", args=[line.public_id])
    data = {
        "valid_from": "2026-01-01",
        "treatment_condition": "any",
        "requires_coverage": "on",
        "amount_cap": "",
        "prix-TOTAL_FORMS": "2",
        "prix-INITIAL_FORMS": "0",
        "prix-0-kind": "psychology",
        "prix-0-act_kind": "session",
        "prix-0-amount": "50,00",
        "prix-1-kind": "",
        "prix-1-act_kind": "",
        "prix-1-amount": "",
        "limites-TOTAL_FORMS": "1",
        "limites-INITIAL_FORMS": "0",
        "limites-0-kinds": ["psychology"],
        "limites-0-act_kind": "",
        "limites-0-max_sessions": "10",
    }
    assert client.post(url, data).status_code == 302
    rule = RuleVersion.objects.get(funding_line=line)
    assert [lim.max_sessions for lim in rule.limits.all()] == [10]
    # Same start date again: refused with a French message, nothing saved.
    response = client.post(url, data)
    assert response.status_code == 200
    assert "jamais modifiées" in response.content.decode()
    assert RuleVersion.objects.filter(funding_line=line).count() == 1


def test_a_half_filled_price_row_is_refused_naming_the_field(client_for, director, cancer_line):
    response = client_for(director).post(
        reverse("supportcare:rule_version_create", args=[cancer_line.public_id]),
        {
            "valid_from": "2026-07-01",
            "treatment_condition": "any",
            "prix-TOTAL_FORMS": "1",
            "prix-INITIAL_FORMS": "0",
            "prix-0-kind": "psychology",
            "prix-0-act_kind": "",
            "prix-0-amount": "",
            "limites-TOTAL_FORMS": "0",
            "limites-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Tarif : indiquez le soin, l&#x27;acte et le montant" in response.content.decode()
    assert RuleVersion.objects.filter(funding_line=cancer_line).count() == 1


def test_bank_details_need_a_recent_login_and_an_iban_that_checks(
    client_for, coordinator, support_provider
):
    url = reverse("supportcare:bank_change_create", args=[support_provider.public_id])
    stale = client_for(coordinator, reauth=False)
    response = stale.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauth"))
    client = client_for(coordinator)
    response = client.post(url, {"iban": "FR7630006000011234567890188", "account_holder": "X"})
    assert "clé de contrôle" in response.content.decode()
    assert not BankDetailsChange.objects.exists()
    response = client.post(url, {"iban": IBAN_A, "account_holder": "Cabinet Martin"})
    assert response.status_code == 302
    assert BankDetailsChange.objects.get().requested_by == coordinator


def test_the_requester_cannot_approve_and_a_colleague_can(
    client_for, coordinator, director, support_provider, django_capture_on_commit_callbacks
):
    change = bank_change_request(
        actor=coordinator, provider=support_provider, iban=IBAN_A, account_holder="Cabinet Martin"
    )
    url = reverse("supportcare:bank_change_decide", args=[change.public_id])
    response = client_for(coordinator).post(url, {"decision": "approve"})
    assert "une autre personne" in response.content.decode()
    change.refresh_from_db()
    assert change.status == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(director).post(url, {"decision": "approve"})
    assert response.status_code == 302
    detail = (
        client_for(director)
        .get(reverse("supportcare:provider_detail", args=[support_provider.public_id]))
        .content.decode()
    )
    assert "FR76 •••• •••• •••• •••• •••0 189" in detail
    assert IBAN_A not in detail


def test_provider_creation_goes_through_the_directory(client_for, coordinator, network):
    from maillage.supportcare.tests.factories import ProfessionalFactory

    pro = ProfessionalFactory(last_name="SOPHRO", first_name="Anne")
    client = client_for(coordinator)
    found = client.get(reverse("supportcare:provider_create") + "?q=sophro").content.decode()
    assert str(pro.public_id) in found
    url = reverse("supportcare:provider_create") + f"?professionnel={pro.public_id}"
    response = client.post(url, {"email": "pas-une-adresse", "kinds": []})
    body = response.content.decode()
    assert "Courriel : saisissez une adresse valide" in body
    assert "cochez au moins un soin" in body
    response = client.post(
        url, {"email": "anne@cabinet.example", "kinds": ["sophrology"], "is_active": "on"}
    )
    provider = Provider.objects.get(network=network, professional=pro)
    assert response.status_code == 302
    assert provider.kind_values == ["sophrology"]
    assert AuditEvent.objects.filter(action="supportcare.provider.created").exists()
    response = client.post(
        reverse("supportcare:convention_create", args=[provider.public_id]),
        {"signed_on": "2026-01-05", "starts_on": "2026-01-01", "ends_on": "2025-12-01"},
    )
    assert "doit suivre le début" in response.content.decode()
    assert not provider.conventions.exists()
    client.post(
        reverse("supportcare:convention_create", args=[provider.public_id]),
        {"signed_on": "2026-01-05", "starts_on": "2026-01-01", "ends_on": ""},
    )
    assert provider.conventions.get().starts_on == date(2026, 1, 1)


def test_the_signed_convention_goes_through_the_uploads_service(
    client_for, coordinator, reception, coordinator_other_network, network
):
    from maillage.files.tests.samples import pdf, upload
    from maillage.supportcare.permissions import can_read_convention_file

    provider = ProviderFactory(network=network)
    url = reverse("supportcare:convention_create", args=[provider.public_id])
    response = client_for(coordinator).post(
        url,
        {
            "signed_on": "2026-01-05",
            "starts_on": "2026-01-01",
            "ends_on": "",
            "document_upload": upload("convention.pdf", pdf(), "application/pdf"),
        },
    )
    assert response.status_code == 302
    convention = provider.conventions.get()
    stored = convention.document
    assert stored.owner_type == "supportcare.convention"
    assert stored.owner_public_id == convention.public_id
    assert stored.content_type == "application/pdf"
    assert can_read_convention_file(coordinator, convention.public_id)
    assert not can_read_convention_file(reception, convention.public_id)
    assert not can_read_convention_file(coordinator_other_network, convention.public_id)
    response = client_for(coordinator).post(
        url,
        {
            "signed_on": "2026-01-05",
            "starts_on": "2027-01-01",
            "ends_on": "",
            "document_upload": upload(
                "convention.pdf", b"<html>not a pdf</html>", "application/pdf"
            ),
        },
    )
    assert response.status_code == 200
    assert provider.conventions.count() == 1


def test_the_provider_sub_forms_share_one_path_errors_in_french_and_nothing_saved(
    client_for, coordinator, support_provider, covered_commune
):
    from maillage.accounts.models import UserKind
    from maillage.accounts.tests.factories import UserFactory
    from maillage.supportcare.models import ProviderAccount

    client = client_for(coordinator)
    detail = reverse("supportcare:provider_detail", args=[support_provider.public_id])
    place_url = reverse("supportcare:place_create", args=[support_provider.public_id])
    response = client.post(place_url, {"name": "Cabinet", "commune_code": "99999"})
    assert "Code INSEE de la commune : aucune commune ne porte ce code." in (
        response.content.decode()
    )
    assert not support_provider.places.exists()
    response = client.post(
        place_url, {"name": "Cabinet du port", "commune_code": covered_commune.insee_code}
    )
    assert response["Location"] == detail
    assert support_provider.places.get().commune == covered_commune

    link_url = reverse("supportcare:account_link", args=[support_provider.public_id])
    response = client.post(link_url, {"email": "personne@example.org"})
    assert "aucun compte actif ne porte cette adresse" in response.content.decode()
    staff_user = UserFactory(kind=UserKind.STAFF)
    response = client.post(link_url, {"email": staff_user.email})
    assert "seul un compte de professionnel extérieur" in response.content.decode()
    assert not ProviderAccount.objects.filter(provider=support_provider).exists()
    external = UserFactory(kind=UserKind.EXTERNAL)
    response = client.post(link_url, {"email": external.email.upper()})
    assert response["Location"] == detail
    assert ProviderAccount.objects.filter(provider=support_provider, user=external).exists()

    update_url = reverse("supportcare:provider_update", args=[support_provider.public_id])
    response = client.post(update_url, {"email": "x@example.org", "kinds": []})
    assert "cochez au moins un soin" in response.content.decode()
    response = client.post(
        update_url, {"email": "nouveau@cabinet.example", "kinds": ["psychology"], "is_active": "on"}
    )
    assert response["Location"] == detail
    support_provider.refresh_from_db()
    assert support_provider.email == "nouveau@cabinet.example"
