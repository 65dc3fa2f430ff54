"""`flask demo`: a small, realistic data set to try Bru with. Never run outside this command."""

import random
import time as time_module
from datetime import date, datetime, time, timedelta

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.accounts.services import user_create
from app.content import catalog
from app.content.model import Exercise
from app.exercises.kinds import EXERCISE_KINDS
from app.exercises.services import exercise_answer_record
from app.extensions import db
from app.learning.services import module_visit_record, step_complete
from app.organisations.models import MemberRole, Region
from app.organisations.services import (
    cohort_create,
    cohort_member_add,
    exchange_create,
    organisation_create,
)

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
LOCALES = ["en", "nb", "nn", "en", "fr", "es", "pt", "sw"]


def demo_answer(exercise: Exercise, rng: random.Random) -> dict:
    """A plausible answer of the right shape for any exercise kind (the kind knows it)."""
    return EXERCISE_KINDS[exercise.kind].demo_answer(exercise.definition, rng, {})


def _walk(user, cohort, course, share: float, rng: random.Random, since: date) -> None:
    """Complete the first `share` of a course's steps, answering exercises on the way,
    spread over the days from `since` until today."""
    steps = [(m, s) for m in course.modules for s in m.source.steps]
    count = int(len(steps) * share)
    span = max((date.today() - since).days, 1)
    moments = sorted(
        datetime.combine(since, time(9)) + timedelta(days=rng.uniform(0, span))
        for _ in range(count)
    )
    for (module, step), at in zip(steps[:count], moments, strict=True):
        if step.exercise is not None:
            record = exercise_answer_record(
                user=user,
                cohort_id=cohort.id,
                course=course,
                module=module,
                step_id=step.id,
                exercise=step.exercise,
                answer=demo_answer(step.exercise, rng),
                answered_before=False,
            )
            record.created_at = at
        step_complete(
            user=user, course_slug=course.slug, module_slug=module.slug, step_id=step.id, at=at
        )
    if 0 < count < len(steps):
        module, step = steps[count]
        module_visit_record(
            user=user,
            course_slug=course.slug,
            module_slug=module.slug,
            step_id=step.id,
            at=moments[-1],
        )


def demo_create(*, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    today = date.today()
    courses = {c.phase: c for c in catalog().courses_for("participants")}
    organisations = [organisation_create(name=n, country=c, region=r) for n, c, r in ORGANISATIONS]
    norway = [o for o in organisations if o.region == Region.NORWAY]
    south = [o for o in organisations if o.region != Region.NORWAY]

    user_create(
        email=DEMO_ACCOUNTS[Role.ADMIN], name="Ada Admin", role=Role.ADMIN, password=DEMO_PASSWORD
    )
    facilitator = user_create(
        email=DEMO_ACCOUNTS[Role.FACILITATOR],
        name="Frida Fasilitator",
        role=Role.FACILITATOR,
        password=DEMO_PASSWORD,
    )
    colleague = user_create(
        email="facilitator2@example.org",
        name="Fatuma Facilitator",
        role=Role.FACILITATOR,
        password=DEMO_PASSWORD,
    )
    partner_org = organisations[2]  # Kampala Youth Media Centre
    user_create(
        email=DEMO_ACCOUNTS[Role.PARTNER],
        name="Patrick Partner",
        role=Role.PARTNER,
        organisation=partner_org,
        password=DEMO_PASSWORD,
    )
    user_create(
        email="partner2@example.org",
        name="Kari Kontakt",
        role=Role.PARTNER,
        organisation=organisations[0],
        password=DEMO_PASSWORD,
    )

    slugs = [courses[p].slug for p in ("pre", "mid", "post") if p in courses]
    # Three cohorts at different points of their exchange year.
    plans = [
        ("Spring departures", today - timedelta(days=230), -200, 100, facilitator),
        ("Autumn departures", today - timedelta(days=20), 25, 300, facilitator),
        ("Returning home", today - timedelta(days=400), -360, -10, colleague),
    ]
    participants = 0
    for index, (name, starts_on, departs_in, returns_in, lead) in enumerate(plans):
        cohort = cohort_create(
            name=f"{name} {starts_on.year}",
            course_slugs=slugs,
            starts_on=starts_on,
            ends_on=today + timedelta(days=returns_in + 60),
            facilitators=[lead],
        )
        for n in range(10):
            first = FIRST_NAMES[(index * 10 + n) % len(FIRST_NAMES)]
            last = LAST_NAMES[(index * 7 + n) % len(LAST_NAMES)]
            demo_user = index == 0 and n == 0
            email = (
                DEMO_ACCOUNTS[Role.PARTICIPANT]
                if demo_user
                else (f"{first}.{last}.{index}{n}@example.org".lower())
            )
            home = rng.choice(south if n % 2 else norway)
            host = rng.choice(norway if home in south else south)
            if demo_user:
                home, host = norway[0], partner_org
            user = user_create(
                email=email,
                name=f"{first} {last}",
                role=Role.PARTICIPANT,
                organisation=home,
                password=DEMO_PASSWORD,
                locale=None if demo_user else rng.choice(LOCALES),
            )
            cohort_member_add(cohort=cohort, user=user, role=MemberRole.PARTICIPANT)
            jitter = rng.randint(-10, 10)
            exchange = exchange_create(
                participant=user,
                home=home,
                host=host,
                departs_on=today + timedelta(days=departs_in + jitter),
                returns_on=today + timedelta(days=returns_in + jitter),
            )
            for phase, course in courses.items():
                opens = {"pre": date.min, "mid": exchange.midpoint, "post": exchange.returns_on}
                if opens[phase] > today:
                    continue
                share = rng.choice([0.2, 0.5, 0.8, 1.0]) if phase != "pre" or index else 1.0
                if demo_user and phase == "mid":
                    share = 0.3
                started = {"pre": starts_on, "mid": exchange.midpoint, "post": exchange.returns_on}
                _walk(user, cohort, course, share, rng, since=min(started[phase], today))
            participants += 1
    db.session.flush()
    return {
        "organisations": len(organisations),
        "cohorts": len(plans),
        "participants": participants,
    }


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has users.")
@click.option(
    "--scale",
    type=click.Choice(["small", "large"]),
    default="small",
    show_default=True,
    help="small: a cohort-sized demo; large: Norec's size times ten, for benchmarks.",
)
@with_appcontext
def demo_command(if_empty: bool, scale: str) -> None:
    """Create demo organisations, cohorts, participants and progress."""
    if db.session.scalar(select(func.count(User.id))):
        message = "The database already has data; demo data not added."
        if if_empty:
            click.echo(message)
            return
        raise click.ClickException(message)
    started = time_module.monotonic()
    if scale == "large":
        from app.demo_scale import demo_large_create

        made = demo_large_create(catalog())
    else:
        made = demo_create()
    db.session.commit()
    seconds = time_module.monotonic() - started
    summary = ", ".join(f"{count:,} {what}" for what, count in made.items())
    click.echo(f"Demo data ({scale}, {seconds:.0f} s): {summary}.")
    click.echo(f"Sign in at http://127.0.0.1:5000 with password '{DEMO_PASSWORD}' as:")
    for role, email in DEMO_ACCOUNTS.items():
        click.echo(f"  {role.value:<12} {email}")
