"""Browser journeys: a document is published and found on the public site; axe finds no
violation on any public page."""

import pytest
from django.utils import timezone

from maillage.documents.models import Document
from maillage.training.models import EventStatus
from maillage.training.tests.factories import RegistrationFactory
from maillage.training.tokens import CANCEL_SALT, SATISFACTION_SALT, make_token

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_document_is_published_and_found_on_the_public_site(
    authenticated_page, visitor_page, live_url, coordinator, network, assert_accessible
):
    staff = authenticated_page(coordinator)
    staff.goto(live_url("/documents/"))
    staff.get_by_role("button", name="Nouveau document").click()
    staff.get_by_label("Titre").fill("Bien vivre avec une chimiothérapie orale")
    staff.get_by_label("Résumé").fill("Conseils pratiques pour les patients et leurs proches.")
    staff.get_by_label("Catégorie").select_option(label="Guide pour les patients et les aidants")
    staff.get_by_label("Public visé").select_option(label="Patients et familles")
    staff.get_by_label("Page rédigée (Markdown)").check()
    staff.get_by_label("Texte de la page (Markdown)").fill(
        "## Les bons réflexes\n\n- Prendre le traitement à heure fixe\n"
        "- Appeler l'infirmière en cas de fièvre\n\n<script>alert('x')</script>"
    )
    assert_accessible(staff)
    staff.get_by_role("button", name="Enregistrer").click()
    staff.get_by_text("Document enregistré en brouillon").wait_for()
    staff.get_by_role("button", name="Publier la version 1").click()
    staff.get_by_text("Version 1 publiée").wait_for()
    assert staff.get_by_test_id("document-status").inner_text() == "Publié"
    assert_accessible(staff)

    visitor = visitor_page()
    visitor.goto(live_url(f"/reseaux/{network.slug}/"))
    visitor.get_by_role("link", name="Documents", exact=True).click()
    visitor.get_by_role("link", name="Bien vivre avec une chimiothérapie orale").click()
    visitor.get_by_role("heading", name="Les bons réflexes").wait_for()
    assert "Prendre le traitement à heure fixe" in visitor.content()
    assert "alert(" not in visitor.content()
    assert_accessible(visitor)
    assert Document.objects.get().is_public


def test_axe_finds_no_violation_on_the_public_pages(
    visitor_page, live_url, site, assert_accessible
):
    slug = site.slug
    event = site.training_events.get(status="published")
    registration = event.registrations.get()
    document = site.documents.get(title="Guide des aidants")
    held = site.training_events.create(
        title="Soirée tenue",
        theme="Soins palliatifs",
        kind="info_evening",
        summary="Déjà passée.",
        address="1 place Royale",
        capacity=10,
        status=EventStatus.HELD,
        held_at=timezone.now(),
    )
    attendee = RegistrationFactory(event=held, attended=True)
    paths = [
        "/reseaux/",
        f"/reseaux/{slug}/",
        f"/reseaux/{slug}/formations/",
        f"/reseaux/{slug}/formations/{event.public_id}/",
        f"/reseaux/{slug}/formations/{event.public_id}/inscription-enregistree/",
        f"/reseaux/{slug}/documents/",
        f"/reseaux/{slug}/documents/{document.public_id}/",
        f"/reseaux/{slug}/partenaires/?q=dupont",
        f"/reseaux/{slug}/partenaires/?type=ressources",
        f"/inscriptions/annulation/{make_token(registration, CANCEL_SALT)}/",
        f"/inscriptions/satisfaction/{make_token(attendee, SATISFACTION_SALT)}/",
        "/inscriptions/annulation/lien-falsifie/",
    ]
    page = visitor_page()
    for path in paths:
        response = page.goto(live_url(path))
        assert response.status in (200, 400), path
        assert_accessible(page)
    # The registration form with its errors shown is accessible too.
    page.goto(live_url(f"/reseaux/{slug}/formations/{event.public_id}/"))
    page.get_by_role("button", name="M'inscrire", exact=True).click()
    page.get_by_text("Prénom : ce champ est obligatoire.").wait_for()
    assert_accessible(page)


def test_the_territory_map_loads_on_request_and_survives_blocked_tiles(
    visitor_page, live_url, site, assert_accessible
):
    from maillage.core.models import Commune

    Commune.objects.filter(insee_code="44109").update(latitude=47.218, longitude=-1.553)
    Commune.objects.create(
        insee_code="49007",
        name="Angers",
        search_name="angers",
        departement="49",
        cog_type="COM",
        latitude=47.473,
        longitude=-0.551,
    )
    page = visitor_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    # The tile server is unreachable (blocked network): the communes must still be drawn.
    page.route("**/*.png", lambda route: route.abort())
    page.goto(live_url(f"/reseaux/{site.slug}/"))
    button = page.get_by_role("button", name="Afficher la carte")
    button.wait_for()
    assert not [u for u in requested if "leaflet" in u or "geojson" in u or "/maillage/map" in u]
    assert_accessible(page)
    button.click()
    region = page.get_by_role("region", name="Carte des communes couvertes")
    region.wait_for()
    page.wait_for_selector("[data-map-markers][data-points='2']")
    page.get_by_text("2 communes sur la carte.").wait_for()
    page.get_by_text("Fond de carte indisponible : les communes restent affichées.").wait_for()
    assert page.get_by_role("button", name="Afficher la carte").count() == 0
    assert page.get_by_role("button", name="Zoom avant").count() == 1
    assert page.get_by_role("button", name="Zoom arrière").count() == 1
    assert [u for u in requested if u.endswith("territoire.geojson")]
    assert_accessible(page)


def test_the_director_sets_the_public_site_and_a_visitor_sees_it(
    authenticated_page, visitor_page, live_url, director, network, assert_accessible
):
    staff = authenticated_page(director)
    staff.goto(live_url("/documents/"))
    staff.get_by_role("button", name="Réglages du site public").click()
    staff.get_by_label("Accroche").fill("Un appui gratuit pour les situations difficiles")
    staff.get_by_label("Nos missions (Markdown)").fill(
        "Nous **orientons** les patients.\n\n<script>alert('x')</script>"
    )
    # The field stops at 160 characters (maxlength; the server says so in French otherwise).
    staff.get_by_label("Description pour les moteurs de recherche").fill("x" * 170)
    assert len(staff.get_by_label("Description pour les moteurs de recherche").input_value()) == 160
    assert_accessible(staff)
    staff.get_by_label("Description pour les moteurs de recherche").fill(
        "Le dispositif d'appui à la coordination du territoire : demandes, formations, documents."
    )
    staff.get_by_role("button", name="Enregistrer les réglages").click()
    staff.get_by_text("Réglages du site public enregistrés.").wait_for()
    staff.get_by_text("Ajouter un contact").click()
    staff.get_by_label("Nom").fill("Camille Bernard")
    staff.get_by_label("Fonction").fill("Infirmière coordinatrice")
    staff.get_by_role("button", name="Ajouter le contact").click()
    staff.get_by_text("Contact ajouté au site public.").wait_for()
    assert_accessible(staff)

    visitor = visitor_page()
    visitor.goto(live_url(f"/reseaux/{network.slug}/"))
    visitor.get_by_text("Un appui gratuit pour les situations difficiles").wait_for()
    assert visitor.locator(".prose strong").inner_text() == "orientons"
    assert "alert(" not in visitor.content()
    visitor.get_by_role("heading", name="Camille Bernard").wait_for()
    assert "demandes, formations, documents" in visitor.locator(
        'meta[name="description"]'
    ).get_attribute("content")
    assert_accessible(visitor)
