"""The words generated organizations and contacts are made of (``partners.generate``):
realistic names in the portal's three languages and a few others."""

OPENINGS = [
    "Association",
    "Asociación",
    "Association des",
    "Foundation for",
    "Fundación",
    "Centre for",
    "Centro de",
    "Network of",
    "Red de",
    "Réseau des",
    "Alliance for",
    "Union of",
    "Institute for",
    "Instituto de",
    "Council of",
    "Forum for",
    "Coalition for",
    "Collectif des",
    "Society for",
    "Initiative for",
]
SUBJECTS = [
    "Migrant Rights",
    "Migrantes Unidos",
    "Travailleurs Migrants",
    "Refugee Support",
    "Diaspora Development",
    "Solidaridad Migrante",
    "Human Mobility",
    "Labour Migration",
    "Migration Research",
    "Droits des Migrants",
    "Protección Fronteriza",
    "Return and Reintegration",
    "Displaced Families",
    "Climate Mobility",
    "Integration and Inclusion",
    "Acogida y Asilo",
    "Accueil et Solidarité",
    "Seafarers Welfare",
    "Trafficking Prevention",
    "Remittances and Development",
    "Migrant Health",
    "Youth on the Move",
    "Women Migrants",
    "Domestic Workers",
    "Legal Aid",
    "Education sans Frontières",
    "Salud Migrante",
    "Community Resilience",
    "Cross-Border Trade",
    "Pastoral Care of Migrants",
]
FIRST_NAMES = [
    "Amina", "Carlos", "Fatou", "Hélène", "Ivan", "Jin", "Kofi", "Lucía", "Mariam", "Nikolai",
    "Olga", "Pedro", "Priya", "Rahim", "Sofia", "Thabo", "Wei", "Yasmin", "Zeynep", "Élodie",
]  # fmt: skip
LAST_NAMES = [
    "Abebe", "Banda", "Castillo", "Diallo", "Eriksen", "Fernández", "García", "Haddad",
    "Ibrahim", "Jovanović", "Kamau", "López", "Mensah", "Nguyen", "Okafor", "Petrov",
    "Quispe", "Rossi", "Sato", "Traoré",
]  # fmt: skip
POSITIONS = ["Director", "Programme officer", "Partnerships manager", "Coordinator"]
LANGUAGES = ["en", "fr", "es", "ar", "pt", "ru"]
