"""Demo reference data: agencies, sites with real coordinates, and mixed-migration routes.

Route and nationality weights follow the broad shape of recent public figures (UNHCR Operational Data
Portal, IOM DTM, Panama's SNM for the Darién): they make the demo look like real caseloads, nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mixmig.apps.registry.demo import names as n

AGENCIES = [
    # code, name, country, teams
    ("ita-reception", "National Reception Authority (demo)", "ITA", ["Border", "Reception"]),
    ("refugee-agency", "Refugee Agency (demo, UNHCR-like)", "CHE", ["Aegean", "Horn of Africa", "Spain"]),
    ("corridor-ngo", "Corridor Humanitarian NGO (demo)", "PAN", ["Darien", "North"]),
]

# code, name, kind, country, latitude, longitude, agency
SITES = [
    ("ita-lampedusa", "Lampedusa hotspot", "reception_centre", "ITA", 35.5060, 12.6020, "ita-reception"),
    ("ita-pozzallo", "Pozzallo hotspot", "reception_centre", "ITA", 36.7290, 14.8440, "ita-reception"),
    ("ita-crotone", "Crotone Sant'Anna centre", "reception_centre", "ITA", 38.9050, 17.0810, "ita-reception"),
    ("grc-lesvos", "Lesvos Mavrovouni centre", "reception_centre", "GRC", 39.1250, 26.5540, "refugee-agency"),
    (
        "grc-samos",
        "Samos closed controlled access centre",
        "reception_centre",
        "GRC",
        37.7680,
        26.9720,
        "refugee-agency",
    ),
    (
        "grc-fylakio",
        "Fylakio reception and identification centre",
        "border_point",
        "GRC",
        41.6630,
        26.3050,
        "refugee-agency",
    ),
    ("esp-almeria", "Almería port", "border_point", "ESP", 36.8340, -2.4630, "refugee-agency"),
    ("esp-ceuta", "Ceuta CETI", "reception_centre", "ESP", 35.8890, -5.3200, "refugee-agency"),
    ("esp-el-hierro", "La Restinga, El Hierro", "border_point", "ESP", 27.6390, -17.9800, "refugee-agency"),
    (
        "dji-obock",
        "Obock migration response centre",
        "transit_centre",
        "DJI",
        11.9670,
        43.2900,
        "refugee-agency",
    ),
    ("yem-aden", "Aden migrant response point", "transit_centre", "YEM", 12.7850, 45.0190, "refugee-agency"),
    (
        "eth-semera",
        "Semera migrant response centre",
        "transit_centre",
        "ETH",
        11.7920,
        41.0060,
        "refugee-agency",
    ),
    (
        "pan-lajas-blancas",
        "Lajas Blancas migrant reception station",
        "reception_centre",
        "PAN",
        8.2510,
        -77.7450,
        "corridor-ngo",
    ),
    (
        "pan-san-vicente",
        "San Vicente migrant reception station",
        "reception_centre",
        "PAN",
        8.3970,
        -78.1010,
        "corridor-ngo",
    ),
    ("gtm-tecun-uman", "Tecún Umán border point", "border_point", "GTM", 14.6770, -92.1420, "corridor-ngo"),
    ("mex-tapachula", "Tapachula office", "office", "MEX", 14.9050, -92.2630, "corridor-ngo"),
]


@dataclass(frozen=True)
class Origin:
    """A nationality on a route: how often it appears and what its people's journeys look like."""

    country: str
    weight: float
    pool: n.Pool
    languages: tuple[str, ...]
    transit: tuple[tuple[str, str, str], ...]  # (country, place, transport to get there)
    reasons: tuple[str, ...]
    places: tuple[str, ...] = ()
    women: float = 0.15
    families: float = 0.10
    children: float = 0.06  # share of unaccompanied children among those travelling
    documented: float = 0.5


@dataclass(frozen=True)
class Route:
    name: str
    weight: float
    sites: tuple[str, ...]  # along the route, in travel order
    destinations: tuple[str, ...]
    last_mode: str
    cost: tuple[int, int, str]  # min, max, currency
    months: tuple[int, int]  # journey length range
    origins: tuple[Origin, ...] = field(default_factory=tuple)
    corridor: tuple[tuple[str, str, str], ...] = ()  # stops after the origin's own transit, in order


# fmt: off
Nat = Origin
_LBY = ("LBY", "Tripoli", "road")
_LBY_ZUW = ("LBY", "Zuwara", "road")
_TUN = ("TUN", "Sfax", "road")
_TUR = ("TUR", "Izmir", "road")

CENTRAL_MED = Route(
    "Central Mediterranean", 0.34, ("ita-lampedusa", "ita-pozzallo", "ita-crotone"), ("ITA", "FRA", "DEU"), "sea", (1500, 5000, "USD"), (2, 30),
    (
        Nat("BGD", 8, n.BANGLADESHI, ("ben",), (("ARE", "Dubai", "air"), ("EGY", "Cairo", "air"), _LBY_ZUW), ("economic",), ("Sylhet", "Dhaka", "Madaripur"), women=0.01, families=0.0, children=0.04, documented=0.8),
        Nat("TUN", 9, n.ARABIC, ("ara", "fra"), (), ("economic", "family"), ("Sfax", "Tunis", "Kasserine"), women=0.08, families=0.05, children=0.1, documented=0.7),
        Nat("EGY", 7, n.ARABIC, ("ara",), (_LBY,), ("economic",), ("Kafr El Sheikh", "Asyut", "Alexandria"), women=0.01, families=0.02, children=0.25, documented=0.6),
        Nat("SYR", 8, n.ARABIC, ("ara",), (("LBN", "Beirut", "road"), ("LBY", "Benghazi", "air"), _LBY_ZUW), ("conflict_violence", "persecution"), ("Daraa", "Aleppo", "Idlib"), women=0.2, families=0.35, children=0.08, documented=0.65),
        Nat("GIN", 8, n.WEST_AFRICAN, ("fra", "ful", "sus"), (("MLI", "Bamako", "road"), ("DZA", "Tamanrasset", "road"), _TUN), ("economic", "family", "persecution"), ("Conakry", "Labé", "Kankan"), women=0.15, families=0.06, children=0.15, documented=0.3),
        Nat("CIV", 7, n.WEST_AFRICAN, ("fra", "dyu"), (("MLI", "Bamako", "road"), ("DZA", "Algiers", "road"), _TUN), ("economic", "family"), ("Abidjan", "Daloa", "Bouaké"), women=0.3, families=0.15, children=0.1, documented=0.4),
        Nat("ERI", 6, n.TIGRINYA, ("tir",), (("SDN", "Khartoum", "foot"), ("LBY", "Kufra", "road"), _LBY), ("persecution", "conflict_violence"), ("Asmara", "Keren", "Mendefera"), women=0.3, families=0.15, children=0.2, documented=0.1),
        Nat("SDN", 6, n.SUDANESE, ("ara",), (("TCD", "Abéché", "road"), ("LBY", "Kufra", "road"), _LBY), ("conflict_violence", "persecution"), ("El Geneina", "Khartoum", "Nyala"), women=0.1, families=0.1, children=0.15, documented=0.25),
        Nat("PAK", 3, n.ARABIC, ("urd",), (("ARE", "Dubai", "air"), _LBY), ("economic",), ("Gujrat", "Sialkot"), women=0.0, families=0.0, children=0.03, documented=0.8),
        Nat("MLI", 3, n.WEST_AFRICAN, ("bam", "fra"), (("DZA", "Tamanrasset", "road"), _TUN), ("conflict_violence", "economic"), ("Kayes", "Mopti"), women=0.1, families=0.05, children=0.12, documented=0.3),
    ),
)

EASTERN_MED = Route(
    "Eastern Mediterranean", 0.18, ("grc-fylakio", "grc-lesvos", "grc-samos"), ("DEU", "GBR", "NLD", "SWE"), "sea", (2000, 8000, "USD"), (1, 24),
    (
        Nat("AFG", 10, n.PERSO_ARABIC, ("prs", "pus"), (("IRN", "Tehran", "foot"), ("TUR", "Van", "foot"), _TUR), ("conflict_violence", "persecution", "economic"), ("Kabul", "Herat", "Ghazni"), women=0.25, families=0.35, children=0.15, documented=0.35),
        Nat("SYR", 9, n.ARABIC, ("ara", "kur"), (("TUR", "Gaziantep", "road"), _TUR), ("conflict_violence", "persecution"), ("Aleppo", "Deir ez-Zor", "Homs"), women=0.3, families=0.45, children=0.06, documented=0.6),
        Nat("IRQ", 4, n.ARABIC, ("ara", "ckb"), (("TUR", "Istanbul", "air"), _TUR), ("conflict_violence", "economic"), ("Mosul", "Sulaymaniyah", "Baghdad"), women=0.3, families=0.45, children=0.04, documented=0.7),
        Nat("PSE", 3, n.ARABIC, ("ara",), (("EGY", "Cairo", "road"), ("TUR", "Istanbul", "air"), _TUR), ("conflict_violence",), ("Gaza",), women=0.3, families=0.5, children=0.05, documented=0.7),
        Nat("SOM", 2, n.SOMALI, ("som",), (("TUR", "Istanbul", "air"), _TUR), ("conflict_violence", "environmental"), ("Mogadishu", "Baidoa"), women=0.35, families=0.1, children=0.1, documented=0.4),
        Nat("ERI", 1, n.TIGRINYA, ("tir",), (("SDN", "Khartoum", "foot"), ("TUR", "Istanbul", "air"), _TUR), ("persecution",), ("Asmara",), women=0.3, families=0.1, children=0.15, documented=0.1),
    ),
)

WESTERN = Route(
    "Western Mediterranean and Atlantic", 0.12, ("esp-almeria", "esp-ceuta", "esp-el-hierro"), ("ESP", "FRA", "BEL"), "sea", (1000, 3000, "EUR"), (1, 18),
    (
        Nat("MAR", 8, n.ARABIC, ("ara", "fra"), (), ("economic", "family"), ("Nador", "Tangier", "Beni Mellal"), women=0.05, families=0.02, children=0.2, documented=0.6),
        Nat("DZA", 6, n.ARABIC, ("ara", "fra"), (), ("economic",), ("Oran", "Mostaganem"), women=0.05, families=0.03, children=0.05, documented=0.5),
        Nat("SEN", 7, n.WEST_AFRICAN, ("wol", "fra"), (("MRT", "Nouadhibou", "road"),), ("economic", "environmental"), ("Dakar", "Mbour", "Saint-Louis"), women=0.03, families=0.02, children=0.12, documented=0.4),
        Nat("MLI", 7, n.WEST_AFRICAN, ("bam", "fra"), (("MRT", "Nouakchott", "road"),), ("conflict_violence", "economic"), ("Kayes", "Ségou"), women=0.05, families=0.05, children=0.12, documented=0.25),
        Nat("GIN", 3, n.WEST_AFRICAN, ("fra", "ful"), (("MLI", "Bamako", "road"), ("MAR", "Rabat", "road")), ("economic", "persecution"), ("Conakry",), women=0.2, families=0.05, children=0.15, documented=0.3),
    ),
)

HORN = Route(
    "Eastern route (Horn of Africa to Yemen)", 0.16, ("eth-semera", "dji-obock", "yem-aden"), ("SAU",), "sea", (300, 800, "USD"), (0, 3),
    (
        Nat("ETH", 12, n.OROMO, ("orm",), (("ETH", "Semera", "road"), ("DJI", "Obock", "foot")), ("economic", "environmental", "conflict_violence"), ("Jimma", "Arsi", "Hararghe"), women=0.2, families=0.02, children=0.2, documented=0.15),
        Nat("ETH", 5, n.AMHARIC, ("amh",), (("ETH", "Semera", "road"), ("DJI", "Obock", "foot")), ("economic", "conflict_violence"), ("Dessie", "Woldia", "Gondar"), women=0.3, families=0.03, children=0.15, documented=0.2),
        Nat("ETH", 2, n.TIGRINYA, ("tir",), (("ETH", "Semera", "road"), ("DJI", "Obock", "foot")), ("conflict_violence",), ("Mekelle", "Adigrat"), women=0.3, families=0.05, children=0.15, documented=0.2),
        Nat("SOM", 3, n.SOMALI, ("som",), (("SOM", "Bosaso", "road"),), ("conflict_violence", "environmental", "economic"), ("Mogadishu", "Burao", "Baidoa"), women=0.25, families=0.1, children=0.12, documented=0.2),
        Nat("ERI", 1, n.TIGRINYA, ("tir",), (("ETH", "Shire", "foot"), ("DJI", "Obock", "foot")), ("persecution",), ("Asmara",), women=0.3, families=0.1, children=0.15, documented=0.1),
    ),
)

AMERICAS = Route(
    "Americas (Darién to Mexico)", 0.20, ("pan-lajas-blancas", "pan-san-vicente", "gtm-tecun-uman", "mex-tapachula"), ("USA", "MEX", "CAN"), "foot", (300, 1500, "USD"), (0, 4),
    (
        Nat("VEN", 12, n.HISPANIC, ("spa",), (("COL", "Necoclí", "road"),), ("economic", "conflict_violence", "family"), ("Caracas", "Maracaibo", "Valencia"), women=0.4, families=0.45, children=0.04, documented=0.6),
        Nat("ECU", 4, n.HISPANIC, ("spa",), (("COL", "Necoclí", "road"),), ("conflict_violence", "economic"), ("Guayaquil", "Quito", "Machala"), women=0.4, families=0.45, children=0.03, documented=0.7),
        Nat("COL", 2, n.HISPANIC, ("spa",), (("COL", "Necoclí", "road"),), ("conflict_violence", "economic"), ("Cali", "Bogotá"), women=0.4, families=0.4, children=0.03, documented=0.8),
        Nat("HTI", 5, n.HAITIAN, ("hat", "fra"), (("CHL", "Santiago", "air"), ("COL", "Necoclí", "road")), ("economic", "conflict_violence"), ("Port-au-Prince", "Les Cayes"), women=0.4, families=0.5, children=0.02, documented=0.5),
        Nat("CHN", 3, n.CHINESE, ("zho",), (("TUR", "Istanbul", "air"), ("ECU", "Quito", "air"), ("COL", "Necoclí", "road")), ("economic", "persecution"), ("Wenzhou", "Fuzhou", "Chengdu"), women=0.3, families=0.15, children=0.01, documented=0.9),
        Nat("RUS", 0.7, n.CYRILLIC, ("rus",), (("TUR", "Istanbul", "air"), ("COL", "Bogotá", "air"), ("COL", "Necoclí", "road")), ("persecution",), ("Moscow", "Makhachkala"), women=0.25, families=0.2, children=0.0, documented=0.95),
        Nat("TJK", 0.6, n.CYRILLIC, ("tgk", "rus"), (("TUR", "Istanbul", "air"), ("ECU", "Quito", "air"), ("COL", "Necoclí", "road")), ("economic",), ("Dushanbe", "Khujand"), women=0.1, families=0.05, children=0.0, documented=0.9),
        Nat("AFG", 0.7, n.PERSO_ARABIC, ("prs", "pus"), (("BRA", "São Paulo", "air"), ("COL", "Necoclí", "road")), ("persecution",), ("Kabul",), women=0.3, families=0.4, children=0.05, documented=0.5),
    ),
    (
        ("PAN", "Bajo Chiquito", "foot"),
        ("CRI", "Paso Canoas", "road"),
        ("NIC", "Managua", "road"),
        ("HND", "Danlí", "road"),
        ("GTM", "Tecún Umán", "road"),
    ),
)

# fmt: on
ROUTES = (CENTRAL_MED, EASTERN_MED, WESTERN, HORN, AMERICAS)

# Phone SIMs picked up on the way: people often carry a number from a transit country.
TRANSIT_SIM = {"LBY", "TUR", "COL", "DJI", "MEX", "TUN", "MAR", "EGY"}
