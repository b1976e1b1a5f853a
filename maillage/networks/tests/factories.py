import factory

from maillage.networks.models import Network, NetworkKind, Thematic


class ThematicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thematic
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"thematique-{n}")
    label = factory.LazyAttribute(lambda o: o.code.replace("-", " ").capitalize())


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Réseau territorial {n}")
    slug = factory.Sequence(lambda n: f"reseau-{n}")
    kind = NetworkKind.DAC
    email = factory.Sequence(lambda n: f"contact{n}@reseau.example")
