import pytest

from maillage.core.models import CogType, Commune
from maillage.directory.models import Activity, Professional, ProfessionalNetworkInfo, Resource
from maillage.documents.models import PublicContact, PublicSiteSettings
from maillage.documents.tests.browser_fixtures import visitor_page  # noqa: F401
from maillage.documents.tests.factories import DocumentFactory, published_document
from maillage.networks.models import Coverage
from maillage.networks.tests.factories import ThematicFactory
from maillage.training.tests.factories import EventFactory, RegistrationFactory, published_event

SECRET = "Dossier confidentiel de Mme Josiane Secret"


@pytest.fixture
def site(network, coordinator):
    """A network with everything its public site can show, plus private things it must not."""
    PublicSiteSettings.objects.create(
        network=network,
        tagline="Appui aux professionnels pour les situations complexes",
        meta_description="Le DAC du Val de Loire : appui à la coordination des parcours.",
        publish_directory=True,
    )
    PublicContact.objects.create(
        network=network, name="Camille Bernard", role="Infirmière coordinatrice"
    )
    thematic = ThematicFactory(code="soins-palliatifs", label="Soins palliatifs")
    network.thematics.add(thematic)
    nantes = Commune.objects.create(
        insee_code="44109",
        name="Nantes",
        search_name="nantes",
        departement="44",
        cog_type=CogType.COM,
    )
    Coverage.objects.create(network=network, thematic=thematic, commune=nantes)
    Coverage.objects.create(network=network, thematic=thematic, departement="49")
    event = published_event(network, title="Soirée soins palliatifs à domicile")
    RegistrationFactory(event=event, last_name="Inscritenprive", email="prive@exemple.fr")
    EventFactory(network=network, title="Brouillon pas encore annoncé")
    published_document(network, title="Guide des aidants")
    published_document(network, title=SECRET, audience="internal")
    DocumentFactory(network=network, title="Fiche en cours de relecture")
    partner = Professional.objects.create(
        last_name="DUPONT", first_name="ALICE", search_name="dupont alice", profession="Médecin"
    )
    Activity.objects.create(professional=partner, name="Cabinet du Port", city="Nantes")
    ProfessionalNetworkInfo.objects.create(
        network=network, professional=partner, is_partner=True, notes=SECRET
    )
    not_partner = Professional.objects.create(
        last_name="NONPARTENAIRE", first_name="Bob", search_name="nonpartenaire bob"
    )
    ProfessionalNetworkInfo.objects.create(network=network, professional=not_partner)
    Resource.objects.create(
        network=network, name="Halte répit Alzheimer", search_name="halte repit alzheimer"
    )
    return network
