"""A small fixture of real communes of Loire-Atlantique (44) for the demo: public facts from the
INSEE COG 2022 and La Poste's base officielle des codes postaux (INSEE code, name, postal codes,
centre coordinates). Production imports the full files with `import_communes`."""

REGION_PAYS_DE_LA_LOIRE = "52"

COMMUNES_44 = [
    ("44109", "Nantes", "44000 44100 44200 44300", 47.2316, -1.5483),
    ("44190", "Saint-Sébastien-sur-Loire", "44230", 47.2031, -1.4992),
    ("44184", "Saint-Nazaire", "44600", 47.2803, -2.2538),
    ("44143", "Rezé", "44400", 47.1762, -1.5497),
    ("44020", "Bouguenais", "44340", 47.1709, -1.6174),
    ("44035", "La Chapelle-sur-Erdre", "44240", 47.3036, -1.5608),
    ("44047", "Couëron", "44220", 47.2310, -1.7293),
    ("44052", "Donges", "44480", 47.3392, -2.0742),
    ("44055", "La Baule-Escoublac", "44500", 47.2910, -2.3538),
    ("44069", "Guérande", "44350", 47.3313, -2.4170),
    ("44074", "Indre", "44610", 47.1985, -1.6718),
    ("44094", "Mauves-sur-Loire", "44470", 47.3161, -1.4028),
    ("44101", "La Montagne", "44620", 47.1850, -1.6848),
    ("44114", "Orvault", "44700", 47.2740, -1.6232),
    ("44120", "Le Pellerin", "44640", 47.2229, -1.8250),
    ("44131", "Pornic", "44210", 47.1224, -2.0518),
    ("44150", "Saint-Aignan-Grandlieu", "44860", 47.1331, -1.6232),
    ("44162", "Saint-Herblain", "44800", 47.2244, -1.6343),
    ("44166", "Saint-Jean-de-Boiseau", "44640", 47.1941, -1.7196),
    ("44171", "Saint-Léger-les-Vignes", "44710", 47.1430, -1.7140),
    ("44172", "Sainte-Luce-sur-Loire", "44980", 47.2536, -1.4729),
    ("44198", "Les Sorinières", "44840", 47.1415, -1.5202),
    ("44204", "Thouaré-sur-Loire", "44470", 47.2763, -1.4316),
    ("44209", "Treillières", "44119", 47.3178, -1.6258),
    ("44215", "Vertou", "44120", 47.1604, -1.4705),
    ("44026", "Carquefou", "44470", 47.3017, -1.4728),
    ("44009", "Basse-Goulaine", "44115", 47.2120, -1.4625),
    ("44010", "Batz-sur-Mer", "44740", 47.2844, -2.4744),
    ("44018", "Bouaye", "44830", 47.1473, -1.6725),
    ("44024", "Brains", "44830", 47.1702, -1.7261),
    ("44003", "Ancenis-Saint-Géréon", "44150", 47.3833, -1.1824),
    ("44027", "Casson", "44390", 47.3920, -1.5557),
    ("44036", "Châteaubriant", "44110", 47.7222, -1.3866),
    ("44103", "Montoir-de-Bretagne", "44550", 47.3232, -2.1467),
    ("44110", "Nort-sur-Erdre", "44390", 47.4471, -1.5182),
    ("44116", "Paimbœuf", "44560", 47.2864, -2.0281),
    ("44129", "Pontchâteau", "44160", 47.4336, -2.0956),
    ("44133", "Port-Saint-Père", "44710", 47.1407, -1.7684),
    ("44194", "Sautron", "44880", 47.2732, -1.6805),
    ("44211", "La Turballe", "44420", 47.3507, -2.4885),
]


def load_communes_44() -> list:
    """Creates (or updates) the fixture communes and their postal codes; returns them."""
    from maillage.core.models import CogType, Commune, CommunePostalCode
    from maillage.core.text import normalise

    communes = []
    for code, name, postal_codes, lat, lon in COMMUNES_44:
        commune, _ = Commune.objects.update_or_create(
            insee_code=code,
            defaults={
                "name": name,
                "search_name": normalise(name),
                "departement": "44",
                "region": REGION_PAYS_DE_LA_LOIRE,
                "cog_type": CogType.COM,
                "latitude": lat,
                "longitude": lon,
            },
        )
        for postal in postal_codes.split():
            CommunePostalCode.objects.get_or_create(commune=commune, code=postal)
        communes.append(commune)
    return communes
