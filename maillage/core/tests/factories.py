import factory

from maillage.core.models import CogType, Commune, CommunePostalCode
from maillage.core.text import normalise


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("insee_code",)

    insee_code = factory.Sequence(lambda n: f"44{n + 300:03d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    search_name = factory.LazyAttribute(lambda o: normalise(o.name))
    departement = factory.LazyAttribute(lambda o: o.insee_code[:2])
    region = "52"
    cog_type = CogType.COM
    latitude = 47.2
    longitude = -1.55

    @factory.post_generation
    def postal_codes(self, create, extracted, **kwargs):
        if create and extracted:
            for code in extracted:
                CommunePostalCode.objects.get_or_create(commune=self, code=code)
