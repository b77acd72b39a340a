"""Numbers and codes behind the demo ecosystem (`maillage_core.demo`): shares, weights, codes.

Every code is a real one: NAF rév. 2 sub-classes, INSEE legal categories and size bands,
ROME 4.0 fiches of the digital domain (M18xx). Pure data.
"""

from __future__ import annotations

# Built-in digital-sector list (INSEE NAF rév. 2), used when the open data is not loaded.
DEFAULT_DIGITAL_NAF: tuple[tuple[str, str], ...] = (
    ("26.11Z", "Fabrication de composants électroniques"),
    ("26.12Z", "Fabrication de cartes électroniques assemblées"),
    ("26.30Z", "Fabrication d'équipements de communication"),
    ("58.21Z", "Édition de jeux électroniques"),
    ("58.29A", "Édition de logiciels système et de réseau"),
    ("58.29C", "Edition de logiciels applicatifs"),
    ("61.10Z", "Télécommunications filaires"),
    ("62.01Z", "Programmation informatique"),
    ("62.02A", "Conseil en systèmes et logiciels informatiques"),
    ("62.02B", "Tierce maintenance de systèmes et d'applications informatiques"),
    ("62.03Z", "Gestion d'installations informatiques"),
    ("62.09Z", "Autres activités informatiques"),
    ("63.11Z", "Traitement de données, hébergement et activités connexes"),
    ("63.12Z", "Portails Internet"),
    ("95.11Z", "Réparation d'ordinateurs et d'équipements périphériques"),
)

# (kind, share of organisations, population exponent alpha, membership rates member/prospect/former)
KIND_MIX: tuple[tuple[str, int, float, tuple[float, float, float]], ...] = (
    ("provider", 55, 1.3, (0.40, 0.10, 0.05)),  # a digital company (kind "company")
    ("client", 20, 1.0, (0.08, 0.15, 0.02)),  # a company of another sector (kind "company")
    ("school", 3, 1.2, (0.55, 0.10, 0.0)),
    ("training_body", 6, 1.1, (0.45, 0.10, 0.05)),
    ("lab", 2, 1.4, (0.40, 0.10, 0.0)),
    ("public_body", 5, 0.9, (0.20, 0.20, 0.0)),
    ("association", 5, 0.9, (0.30, 0.10, 0.05)),
    ("tiers_lieu", 4, 0.6, (0.35, 0.10, 0.0)),
)

PROVIDER_DOMAIN_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("logiciel", 20),
    ("web", 18),
    ("infogerance", 16),
    ("cybersecurite", 10),
    ("conseil", 9),
    ("data", 7),
    ("cloud", 6),
    ("ia", 6),
    ("iot", 5),
    ("ux", 3),
)
RELATED_DOMAINS: dict[str, tuple[str, ...]] = {
    "ia": ("data", "logiciel", "iot"),
    "data": ("ia", "cloud", "conseil"),
    "cybersecurite": ("infogerance", "conseil", "cloud"),
    "cloud": ("infogerance", "cybersecurite", "data"),
    "web": ("ux", "logiciel", "conseil"),
    "logiciel": ("web", "cloud", "data"),
    "iot": ("ia", "logiciel", "infogerance"),
    "infogerance": ("cloud", "cybersecurite", "conseil"),
    "ux": ("web", "logiciel"),
    "conseil": ("data", "cybersecurite", "logiciel"),
}
DOMAIN_NAF: dict[str, tuple[str, ...]] = {
    "ia": ("62.01Z", "62.02A", "58.29C"),
    "data": ("63.11Z", "62.02A", "62.01Z"),
    "cybersecurite": ("62.02A", "62.03Z", "62.09Z"),
    "cloud": ("63.11Z", "62.03Z"),
    "web": ("62.01Z", "63.12Z", "58.29C"),
    "logiciel": ("58.29C", "62.01Z", "58.29A", "58.29B", "58.21Z"),
    "iot": ("26.11Z", "26.12Z", "26.30Z", "26.51B", "62.01Z"),
    "infogerance": ("62.03Z", "62.02B", "61.10Z", "61.20Z", "61.90Z", "95.11Z", "62.09Z"),
    "ux": ("62.01Z", "62.02A"),
    "conseil": ("62.02A", "62.09Z"),
}
# ROME 4.0 fiches of the digital domain (M18xx) a provider of each domain employs.
DOMAIN_ROME: dict[str, tuple[str, ...]] = {
    "ia": ("M1889", "M1873", "M1811"),
    "data": ("M1811", "M1824", "M1851", "M1872", "M1868", "M1894"),
    "cybersecurite": ("M1812", "M1817", "M1819", "M1844", "M1856", "M1866", "M1883", "M1882"),
    "cloud": ("M1860", "M1876", "M1879", "M1827", "M1843", "M1826"),
    "web": ("M1855", "M1886", "M1834", "M1825", "M1837"),
    "logiciel": ("M1805", "M1861", "M1853", "M1815", "M1814", "M1864", "M1813", "M1858"),
    "iot": ("M1845", "M1892", "M1829", "M1835"),
    "infogerance": ("M1801", "M1802", "M1810", "M1822", "M1830", "M1854", "M1869", "M1874"),
    "ux": ("M1837", "M1850", "M1864"),
    "conseil": ("M1806", "M1838", "M1875", "M1881", "M1828", "M1870"),
    "formation": (),
    "mediation": ("M1874",),
}
# Real NAF rév. 2 codes for the organisations outside the digital sector.
CLIENT_NAF: dict[str, tuple[str, ...]] = {
    "25": ("25.62B", "25.11Z", "25.73B"),
    "10": ("10.51A", "10.72Z", "11.03Z"),
    "47": ("47.78C", "47.59B", "47.24Z"),
    "49": ("49.41A", "52.29A"),
    "41": ("41.20A", "43.21A", "43.22A"),
    "86": ("86.10Z", "86.21Z"),
    "55": ("55.10Z", "56.10A"),
    "01": ("01.24Z", "01.41Z"),
    "20": ("20.16Z", "22.29A"),
    "69": ("69.20Z", "69.10Z"),
}
KIND_NAF: dict[str, tuple[str, ...]] = {
    "school": ("85.42Z", "85.41Z", "85.32Z"),
    "training_body": ("85.59A", "85.59B"),
    "lab": ("72.19Z",),
    "public_body": ("84.11Z", "84.13Z"),
    "association": ("94.99Z",),
    "tiers_lieu": ("94.99Z", "82.11Z", "68.20B"),
}
KIND_LEGAL: dict[str, tuple[str, ...]] = {
    "provider": ("5710", "5710", "5499", "5720", "5599"),
    "client": ("5499", "5710", "5599", "5720"),
    "school": ("7383", "7331", "5710"),
    "training_body": ("5710", "5499", "9220"),
    "lab": ("7383", "7389"),
    "public_body": ("7210", "7346", "7354", "7364", "7379"),
    "association": ("9220",),
    "tiers_lieu": ("9220", "5499", "5710"),
}
SIZE_BANDS: dict[str, tuple[tuple[str, int], ...]] = {
    "provider": (
        ("00", 18),
        ("01", 18),
        ("02", 14),
        ("03", 13),
        ("11", 13),
        ("12", 11),
        ("21", 6),
        ("22", 4),
        ("31", 1),
        ("32", 1),
        ("41", 1),
    ),
    "client": (
        ("01", 8),
        ("02", 12),
        ("03", 15),
        ("11", 20),
        ("12", 20),
        ("21", 12),
        ("22", 8),
        ("32", 4),
        ("41", 1),
    ),
    "school": (("12", 20), ("21", 30), ("22", 30), ("32", 15), ("41", 5)),
    "training_body": (("01", 20), ("02", 25), ("03", 25), ("11", 20), ("12", 10)),
    "lab": (("11", 30), ("12", 40), ("21", 25), ("22", 5)),
    "public_body": (("11", 15), ("12", 30), ("21", 25), ("22", 15), ("32", 10), ("41", 5)),
    "association": (("NN", 40), ("00", 20), ("01", 25), ("02", 15)),
    "tiers_lieu": (("NN", 30), ("00", 20), ("01", 30), ("02", 20)),
}
LARGE_BANDS = frozenset({"11", "12", "21", "22", "31", "32", "41", "42", "51", "52", "53"})
# Label validity in days (the duration of the qualification or certificate).
LABEL_DAYS: dict[str, int] = {
    "expertcyber": 2 * 365,
    "francenum": 365,
    "frenchtech": 365,
    "jei": 8 * 365,
}
DEFAULT_LABEL_DAYS = 3 * 365
# Where the head office of an organisation with a head office outside Normandy is.
OTHER_FR_REGIONS = ("53", "32", "84", "52", "24", "44")
FOREIGN_COUNTRIES = ("US", "DE", "GB", "IE", "IN", "BE", "NL", "CH", "ES", "IT")
# ARCEP numbers reserved for fiction (never assigned to subscribers).
FICTION_PHONE_PREFIXES = ("01 99 00", "02 61 91", "03 53 01", "06 39 98", "09 77 42")
