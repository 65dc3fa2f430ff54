"""`flask demo --scale large|huge`: Norec's size times ten or a hundred, in bulk, for benchmarks.

large: 220 organisations, 6,000 participants in 200 cohorts of 30 over two years with
exchanges in every phase, their progress history, 60,000 exercise answers and 40,000 journal
entries with feedback. huge: ten times as many over ten years (2,200 organisations, 60,000
participants), plus a cohort of 500 and an organisation with 1,000 participants, the sizes
the list pages must still serve. Rows go in with COPY on PostgreSQL (multi-row INSERTs
elsewhere), generated and sent in batches, never one ORM object at a time.
"""

import enum
import json
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import insert, select, text

from app.accounts.models import Role, User
from app.accounts.services import password_hash
from app.content.model import Catalog, Course, Module, Step
from app.demo.people import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    FIRST_NAMES,
    LAST_NAMES,
    demo_answer,
    demo_locale,
)
from app.exercises.kinds import EXERCISE_KINDS
from app.exercises.models import ExerciseAnswer
from app.extensions import db
from app.journal.models import Audience, JournalComment, JournalEntry
from app.learning.models import ModuleVisit, StepCompletion
from app.organisations.models import (
    Cohort,
    CohortCourse,
    CohortMember,
    Exchange,
    MemberRole,
    Organisation,
    Region,
)

PLACES = {
    Region.NORWAY: [
        "Førde",
        "Bergen",
        "Oslo",
        "Tromsø",
        "Trondheim",
        "Stavanger",
        "Bodø",
        "Ålesund",
    ],
    Region.AFRICA: [
        "Kampala",
        "Nairobi",
        "Dar es Salaam",
        "Lusaka",
        "Maputo",
        "Addis Ababa",
        "Arusha",
        "Gulu",
        "Mbale",
        "Blantyre",
        "Harare",
        "Accra",
    ],
    Region.ASIA: ["Kathmandu", "Hanoi", "Dhaka", "Colombo", "Chiang Mai", "Pokhara", "Yogyakarta"],
    Region.LATIN_AMERICA: [
        "Matagalpa",
        "Lima",
        "Cusco",
        "La Paz",
        "Quito",
        "Guatemala City",
        "San Salvador",
        "Tegucigalpa",
    ],
}
COUNTRIES = {
    Region.NORWAY: "NO",
    Region.AFRICA: "UG",
    Region.ASIA: "NP",
    Region.LATIN_AMERICA: "NI",
}
KINDS = [
    "Youth Network",
    "Health Cooperative",
    "Teachers' Union",
    "Community Radio",
    "Folk High School",
    "Farmers' Association",
    "Women's Forum",
    "Media Centre",
    "Red Cross branch",
]
BATCH = 5_000
#: Generated rows are sent once this many are waiting, so memory stays flat at any size.
FLUSH_ROWS = 50_000
#: The contact person of the huge demo's organisation with 1,000 participants.
BIG_PARTNER_EMAIL = "partner1000@example.org"


@dataclass(frozen=True)
class Size:
    #: Organisations in Norway, in Africa, in Asia and in Latin America.
    organisations: tuple[int, int, int, int]
    participants: int
    facilitators: int
    cohorts: int
    #: Cohorts start over this many years (and up to 200 days ahead).
    years: int
    answers: int
    journal_entries: int
    #: A second cohort of the demo facilitator, this big (0: none).
    big_cohort: int = 0
    #: An organisation hosting this many participants, with its own contact (0: none).
    big_organisation: int = 0


SIZES = {
    "large": Size((40, 90, 45, 45), 6_000, 40, 200, 2, 60_000, 40_000),
    "huge": Size(
        (400, 900, 450, 450),
        60_000,
        400,
        2_000,
        10,
        600_000,
        400_000,
        big_cohort=500,
        big_organisation=1_000,
    ),
}


def _bulk(model, rows: list[dict]) -> None:
    if not rows:
        return
    if db.session.get_bind().dialect.name == "postgresql":
        _copy(model.__table__, rows)
        return
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(model), rows[start : start + BATCH])


def _copy(table, rows: list[dict]) -> None:
    """COPY the rows in, with the Python-side column defaults an INSERT would have added."""
    given = list(rows[0])
    defaults = {
        c.name: c.default.arg if c.default.is_scalar else c.default.arg(None)
        for c in table.columns
        if c.key not in rows[0] and c.default is not None and not c.primary_key
    }
    names = ", ".join([table.c[key].name for key in given] + list(defaults))
    driver = db.session.connection().connection.driver_connection
    assert driver is not None  # a live connection, inside the loading transaction
    cursor = driver.cursor()
    with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
        tail = [_plain(v) for v in defaults.values()]
        for row in rows:
            copy.write_row([_plain(row[key]) for key in given] + tail)


def _plain(value):
    """A value as COPY takes it: enums by their stored value, JSON as text."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def _ids(model, column, values) -> dict:
    return dict(db.session.execute(select(column, model.id).where(column.in_(values))).all())


def demo_large_create(catalog: Catalog, *, seed: int = 11, size: Size = SIZES["large"]):
    rng = random.Random(seed)
    if db.session.get_bind().dialect.name == "postgresql":
        # Also begins the transaction that the COPYs (sent past SQLAlchemy) then run in.
        db.session.execute(text("SET LOCAL synchronous_commit TO OFF"))
    languages = current_app.config["LANGUAGES"]
    today = date.today()
    now = datetime.now().replace(microsecond=0)
    made: dict[str, int] = {}

    # Organisations: 40 in Norway, the rest across the South.
    names: set[str] = set()
    orgs = []
    counts = dict(zip(PLACES, size.organisations, strict=True))
    regions = [region for region, count in counts.items() for _ in range(count)]
    for region in regions:
        name = f"{rng.choice(PLACES[region])} {rng.choice(KINDS)}"
        while name in names:
            name = f"{name} {len(names)}"
        names.add(name)
        orgs.append(
            {"name": name, "country": COUNTRIES[region], "region": region, "created_at": now}
        )
    _bulk(Organisation, orgs)
    org_ids = list(_ids(Organisation, Organisation.name, list(names)).values())
    norway = org_ids[: counts[Region.NORWAY]]
    south = org_ids[counts[Region.NORWAY] :]
    made["organisations"] = len(org_ids)

    # Staff and the demo sign-ins.
    shared_hash = password_hash(DEMO_PASSWORD)  # one hash for everyone: hashing 6,000 is slow
    staff = [
        {"email": DEMO_ACCOUNTS[Role.ADMIN], "name": "Ada Admin", "role": Role.ADMIN},
        {
            "email": DEMO_ACCOUNTS[Role.PARTNER],
            "name": "Patrick Partner",
            "role": Role.PARTNER,
            "organisation_id": south[0],
        },
    ] + [
        {
            "email": DEMO_ACCOUNTS[Role.FACILITATOR] if i == 0 else f"facilitator{i}@example.org",
            "name": f"Facilitator {i}",
            "role": Role.FACILITATOR,
        }
        for i in range(size.facilitators)
    ]
    for row in staff:
        row.update(password_hash=shared_hash, active=True, session_version=1, created_at=now)
        row.setdefault("organisation_id", None)
    _bulk(User, staff)
    facilitator_ids = list(
        db.session.scalars(select(User.id).where(User.role == Role.FACILITATOR).order_by(User.id))
    )

    # Cohorts of 30, spread over the years so every phase is represented.
    slugs = [c.slug for c in catalog.courses_for("participants")]
    cohorts: list[dict[str, Any]] = []
    first_start, spacing = size.years * 300, (size.years * 300 + 200) / size.cohorts
    for i in range(size.cohorts):
        starts = today - timedelta(days=first_start) + timedelta(days=round(i * spacing))
        cohorts.append(
            {
                "name": f"Cohort {i + 1:03d}",
                "starts_on": starts,
                "ends_on": starts + timedelta(days=420),
                "created_at": now,
            }
        )
    _bulk(Cohort, cohorts)
    cohort_ids = list(db.session.scalars(select(Cohort.id).order_by(Cohort.id)))[-size.cohorts :]
    _bulk(CohortCourse, [{"cohort_id": c, "course_slug": s} for c in cohort_ids for s in slugs])
    _bulk(
        CohortMember,
        [
            {
                "cohort_id": c,
                # The demo facilitator also has the big cohort (the second), if any.
                "user_id": facilitator_ids[
                    0 if i == 1 and size.big_cohort else i % len(facilitator_ids)
                ],
                "role": MemberRole.FACILITATOR,
            }
            for i, c in enumerate(cohort_ids)
        ],
    )
    made["cohorts"] = len(cohort_ids)

    people = []
    for i in range(size.participants):
        first, last = FIRST_NAMES[i % len(FIRST_NAMES)], LAST_NAMES[(i // 7) % len(LAST_NAMES)]
        email = DEMO_ACCOUNTS[Role.PARTICIPANT] if i == 0 else f"p{i:05d}@example.org"
        people.append(
            {
                "email": email,
                "name": f"{first} {last}",
                "role": Role.PARTICIPANT,
                "password_hash": shared_hash,
                "active": True,
                "session_version": 1,
                "created_at": now,
                "organisation_id": None,
                "locale": demo_locale(rng, languages),
            }
        )
    _bulk(User, people)
    participant_ids = list(
        db.session.scalars(select(User.id).where(User.role == Role.PARTICIPANT).order_by(User.id))
    )
    made["participants"] = len(participant_ids)

    members, exchanges = [], []
    placement = {}
    # The first cohort (the demo facilitator's) has 50 people; the rest share the others.
    sizes = [50] + ([size.big_cohort] if size.big_cohort else [])
    others = size.cohorts - len(sizes)
    rest = len(participant_ids) - sum(sizes)
    sizes += [rest // others + (1 if k < rest % others else 0) for k in range(others)]
    big_organisation = _big_organisation(size, now) if size.big_organisation else None
    norwegian, hosts_from_the_south = set(norway), norway + south[: len(norway)]
    cohort_of = [index for index, size in enumerate(sizes) for _ in range(size)]
    for i, user_id in enumerate(participant_ids):
        cohort_index = cohort_of[i]
        cohort_id = cohort_ids[cohort_index]
        starts = cohorts[cohort_index]["starts_on"]
        home = rng.choice(norway if i % 2 else south)
        host = rng.choice(south if home in norwegian else hosts_from_the_south)
        if host == home:
            host = south[(south.index(home) + 1) % len(south)] if home in south else south[0]
        if big_organisation and 0 <= i - sum(sizes[:2]) < size.big_organisation:
            host = big_organisation
        departs = starts + timedelta(days=60 + rng.randint(-10, 10))
        returns = departs + timedelta(days=rng.choice([180, 270, 330]))
        members.append({"cohort_id": cohort_id, "user_id": user_id, "role": MemberRole.PARTICIPANT})
        exchanges.append(
            {
                "participant_id": user_id,
                "home_organisation_id": home,
                "host_organisation_id": host,
                "departs_on": departs,
                "returns_on": returns,
            }
        )
        placement[user_id] = (cohort_id, starts, departs, returns)
    _bulk(CohortMember, members)
    _bulk(Exchange, exchanges)

    # Progress: each participant is through part of every phase that has opened for them.
    completions: list[dict[str, Any]] = []
    visits: list[dict[str, Any]] = []
    answers: list[dict[str, Any]] = []
    reflections: list[tuple[int, Course, Module, Step, datetime]] = []
    made["step completions"] = made["exercise answers"] = 0
    for user_id, (cohort_id, starts, departs, returns) in placement.items():
        if len(completions) >= FLUSH_ROWS:
            made["step completions"] += len(completions)
            made["exercise answers"] += len(answers)
            for model, rows in [(StepCompletion, completions), (ExerciseAnswer, answers)]:
                _bulk(model, rows)
                rows.clear()
        midpoint = departs + (returns - departs) / 2
        opened = {"pre": starts, "mid": midpoint, "post": returns}
        for course in catalog.courses_for("participants"):
            since = opened[course.phase]
            if since > today:
                continue
            steps = [(m, s) for m in course.modules for s in m.source.steps]
            share = rng.choice([0.3, 0.6, 0.9, 1.0])
            count = int(len(steps) * share)
            span = max((today - since).days, 1)
            for module, step in steps[:count]:
                at = datetime.combine(since, time(8)) + timedelta(days=rng.uniform(0, span))
                at = min(at, now)
                completions.append(
                    {
                        "user_id": user_id,
                        "course_slug": course.slug,
                        "module_slug": module.slug,
                        "step_id": step.id,
                        "completed_at": at,
                    }
                )
                # About three answers in five are kept, up to the size's number.
                exercise = step.exercise
                answered = exercise is not None and rng.random() < 0.6
                if exercise and answered and made["exercise answers"] + len(answers) < size.answers:
                    answer = demo_answer(exercise, rng)
                    answers.append(
                        {
                            "user_id": user_id,
                            "cohort_id": cohort_id,
                            "course_slug": course.slug,
                            "module_slug": module.slug,
                            "step_id": step.id,
                            "exercise_id": exercise.id,
                            "kind": exercise.kind,
                            "answer": answer,
                            "is_correct": None,
                            "created_at": at,
                        }
                    )
                    reflection = EXERCISE_KINDS[exercise.kind].journal_text(answer)
                    if reflection is not None and len(reflections) < size.journal_entries:
                        reflections.append((user_id, course, module, step, at))
            if 0 < count < len(steps):
                module, step = steps[count]
                visits.append(
                    {
                        "user_id": user_id,
                        "course_slug": course.slug,
                        "module_slug": module.slug,
                        "last_step_id": step.id,
                        "visited_at": now - timedelta(days=rng.randint(0, 30)),
                    }
                )
    _bulk(StepCompletion, completions)
    _bulk(ModuleVisit, visits)
    _bulk(ExerciseAnswer, answers)
    made["step completions"] += len(completions)
    made["exercise answers"] += len(answers)
    del completions, answers, visits

    made["journal entries"] = _bulk_stream(
        JournalEntry, _journal_entries(rng, size, reflections, participant_ids, now)
    )
    del reflections
    shared = db.session.execute(
        select(JournalEntry.id, JournalEntry.created_at).where(
            JournalEntry.audience != Audience.PRIVATE
        )
    ).all()
    comments = [
        {
            "entry_id": entry_id,
            "author_id": rng.choice(facilitator_ids),
            "body": "Thank you for sharing this. What would you do differently next time?",
            "created_at": min(created + timedelta(days=2), now),
            "read_at": None if rng.random() < 0.3 else now,
        }
        for entry_id, created in shared
        if rng.random() < 0.5
    ]
    _bulk(JournalComment, comments)
    made["feedback comments"] = len(comments)
    db.session.flush()
    # Fresh planner statistics: without them PostgreSQL plans bulk-loaded tables as if empty.
    db.session.execute(text("ANALYZE"))
    return made


def _bulk_stream(model, rows) -> int:
    """Send generated rows in batches, so memory stays flat at any size; the count sent."""
    batch, sent = [], 0
    for row in rows:
        batch.append(row)
        if len(batch) >= FLUSH_ROWS:
            _bulk(model, batch)
            sent, batch = sent + len(batch), []
    _bulk(model, batch)
    return sent + len(batch)


def _journal_entries(rng, size: Size, reflections, participant_ids, now):
    """The reflections first, then free-standing entries, up to the size's number."""
    audiences = [Audience.PRIVATE, Audience.FACILITATORS, Audience.PARTNERS]
    for user_id, course, module, step, at in reflections:
        yield (
            {
                "author_id": user_id,
                "title": "",
                "body": "I expect to learn as much as I give.",
                "audience": rng.choice(audiences),
                "course_slug": course.slug,
                "module_slug": module.slug,
                "step_id": step.id,
                "exercise_id": step.exercise.id,
                "theme": step.exercise.get("theme"),
                "phase": course.phase,
                "version": 1,
                "created_at": at,
                "updated_at": at,
            }
        )
    for _ in range(size.journal_entries - len(reflections)):
        user_id = rng.choice(participant_ids)
        at = now - timedelta(days=rng.randint(0, 250 * size.years))
        yield {
            "author_id": user_id,
            "title": "A week at my host organisation",
            "body": "Today we planned the *youth workshop* together.",
            "audience": rng.choice(audiences),
            "course_slug": None,
            "module_slug": None,
            "step_id": None,
            "exercise_id": None,
            "theme": None,
            "phase": rng.choice(["pre", "mid", "post"]),
            "version": 1,
            "created_at": at,
            "updated_at": at,
        }


def _big_organisation(size: Size, now: datetime) -> int:
    """An organisation that hosts `size.big_organisation` participants, and its contact."""
    _bulk(
        Organisation,
        [
            {
                "name": "Nairobi Youth Exchange Hub",
                "country": "KE",
                "region": Region.AFRICA,
                "created_at": now,
            }
        ],
    )
    organisation_id = db.session.scalar(
        select(Organisation.id).where(Organisation.name == "Nairobi Youth Exchange Hub")
    )
    assert organisation_id is not None  # inserted just above
    contact = db.session.scalar(select(User).where(User.email == DEMO_ACCOUNTS[Role.PARTNER]))
    assert contact is not None  # the small demo, made first, has its partner contact
    _bulk(
        User,
        [
            {
                "email": BIG_PARTNER_EMAIL,
                "name": "Grace Hub",
                "role": Role.PARTNER,
                "password_hash": contact.password_hash,
                "active": True,
                "session_version": 1,
                "created_at": now,
                "organisation_id": organisation_id,
            }
        ],
    )
    return organisation_id
