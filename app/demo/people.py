"""Who the demo data is about: the demo accounts, organisations and names, and answers."""

import random

from app.accounts.models import Role
from app.content.model import Exercise
from app.exercises.kinds import EXERCISE_KINDS
from app.organisations.models import Region

DEMO_PASSWORD = "demo-password"
DEMO_ACCOUNTS = {
    Role.PARTICIPANT: "participant@example.org",
    Role.FACILITATOR: "facilitator@example.org",
    Role.PARTNER: "partner@example.org",
    Role.ADMIN: "admin@example.org",
}

ORGANISATIONS = [
    ("Førde Folkehøgskule", "NO", Region.NORWAY),
    ("Bergen Health Cooperative", "NO", Region.NORWAY),
    ("Kampala Youth Media Centre", "UG", Region.AFRICA),
    ("Dar es Salaam Teachers' Network", "TZ", Region.AFRICA),
    ("Lusaka Community Radio", "ZM", Region.AFRICA),
    ("Kathmandu Health Volunteers", "NP", Region.ASIA),
    ("Hanoi Green Schools", "VN", Region.ASIA),
    ("Asociación Juvenil de Matagalpa", "NI", Region.LATIN_AMERICA),
]

FIRST_NAMES = [
    "Amina",
    "Jonas",
    "Grace",
    "Ingrid",
    "Baraka",
    "Sita",
    "Minh",
    "Lucía",
    "Kwame",
    "Sigrid",
    "Neema",
    "Arjun",
    "Thao",
    "Mateo",
    "Faith",
    "Eirik",
    "Zawadi",
    "Priya",
    "Linh",
    "Camila",
    "Joseph",
    "Solveig",
    "Halima",
    "Bikash",
    "Hoa",
    "Diego",
    "Mercy",
    "Håkon",
    "Rehema",
    "Ana",
]
LAST_NAMES = [
    "Nakato",
    "Haugen",
    "Mwangi",
    "Solheim",
    "Otieno",
    "Shrestha",
    "Nguyen",
    "Rivas",
    "Mensah",
    "Bakke",
    "Kimaro",
    "Gurung",
    "Tran",
    "López",
    "Banda",
    "Lunde",
    "Mushi",
    "Thapa",
    "Pham",
    "Castillo",
]


def demo_locale(rng: random.Random, languages: list[str]) -> str:
    """A language for a demo person: English twice as often as each of the others."""
    return rng.choice([languages[0], *languages])


def demo_answer(exercise: Exercise, rng: random.Random) -> dict:
    """A plausible answer of the right shape for any exercise kind (the kind knows it)."""
    return EXERCISE_KINDS[exercise.kind].demo_answer(exercise.definition, rng, {})
