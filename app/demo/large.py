"""`flask demo --scale large`: Norec's size times ten, in bulk, for benchmarks.

220 organisations, 6,000 participants in 200 cohorts of 30 with exchanges in every phase,
their progress history, 60,000 exercise answers and 40,000 journal entries with feedback.
Rows go in with multi-row INSERTs (SQLAlchemy's executemany), not one ORM object at a time.
"""

import random
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import insert, select, text

from app.accounts.models import Role, User
from app.accounts.services import password_hash
from app.content.model import Catalog
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


def _bulk(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(model), rows[start : start + BATCH])


def _ids(model, column, values) -> dict:
    return dict(db.session.execute(select(column, model.id).where(column.in_(values))).all())


def demo_large_create(catalog: Catalog, *, seed: int = 11) -> dict[str, int]:
    rng = random.Random(seed)
    languages = current_app.config["LANGUAGES"]
    today = date.today()
    now = datetime.now().replace(microsecond=0)
    made: dict[str, int] = {}

    # Organisations: 40 in Norway, the rest across the South.
    names, orgs = set(), []
    regions = (
        [Region.NORWAY] * 40
        + [Region.AFRICA] * 90
        + [Region.ASIA] * 45
        + [Region.LATIN_AMERICA] * 45
    )
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
    norway = org_ids[:40]
    south = org_ids[40:]
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
        for i in range(40)
    ]
    for row in staff:
        row.update(password_hash=shared_hash, active=True, session_version=1, created_at=now)
        row.setdefault("organisation_id", None)
    _bulk(User, staff)
    facilitator_ids = list(
        db.session.scalars(select(User.id).where(User.role == Role.FACILITATOR).order_by(User.id))
    )

    # 200 cohorts of 30, spread over two years so every phase is represented.
    slugs = [c.slug for c in catalog.courses_for("participants")]
    cohorts = []
    for i in range(200):
        starts = today - timedelta(days=600) + timedelta(days=i * 4)
        cohorts.append(
            {
                "name": f"Cohort {i + 1:03d}",
                "starts_on": starts,
                "ends_on": starts + timedelta(days=420),
                "created_at": now,
            }
        )
    _bulk(Cohort, cohorts)
    cohort_ids = list(db.session.scalars(select(Cohort.id).order_by(Cohort.id)))[-200:]
    _bulk(CohortCourse, [{"cohort_id": c, "course_slug": s} for c in cohort_ids for s in slugs])
    _bulk(
        CohortMember,
        [
            {
                "cohort_id": c,
                "user_id": facilitator_ids[i % len(facilitator_ids)],
                "role": MemberRole.FACILITATOR,
            }
            for i, c in enumerate(cohort_ids)
        ],
    )
    made["cohorts"] = len(cohort_ids)

    # 6,000 participants.
    people = []
    for i in range(6000):
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
    sizes = [50]
    rest = len(participant_ids) - 50
    sizes += [rest // 199 + (1 if k < rest % 199 else 0) for k in range(199)]
    cohort_of = [index for index, size in enumerate(sizes) for _ in range(size)]
    for i, user_id in enumerate(participant_ids):
        cohort_index = cohort_of[i]
        cohort_id = cohort_ids[cohort_index]
        starts = cohorts[cohort_index]["starts_on"]
        home = rng.choice(norway if i % 2 else south)
        host = rng.choice(south if home in norway else norway + south[:40])
        if host == home:
            host = south[(south.index(home) + 1) % len(south)] if home in south else south[0]
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
    completions, visits, answers, entries = [], [], [], []
    reflections = []
    for user_id, (cohort_id, starts, departs, returns) in placement.items():
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
                if step.exercise is not None:
                    answer = demo_answer(step.exercise, rng)
                    answers.append(
                        {
                            "user_id": user_id,
                            "cohort_id": cohort_id,
                            "course_slug": course.slug,
                            "module_slug": module.slug,
                            "step_id": step.id,
                            "exercise_id": step.exercise.id,
                            "kind": step.exercise.kind,
                            "answer": answer,
                            "is_correct": None,
                            "created_at": at,
                        }
                    )
                    reflection = EXERCISE_KINDS[step.exercise.kind].journal_text(answer)
                    if reflection is not None:
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
    rng.shuffle(answers)
    answers = answers[:60_000]
    _bulk(StepCompletion, completions)
    _bulk(ModuleVisit, visits)
    _bulk(ExerciseAnswer, answers)
    made["step completions"] = len(completions)
    made["exercise answers"] = len(answers)

    # 40,000 journal entries: the reflections first, then free-standing ones.
    audiences = [Audience.PRIVATE, Audience.FACILITATORS, Audience.PARTNERS]
    for user_id, course, module, step, at in reflections[:40_000]:
        entries.append(
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
    while len(entries) < 40_000:
        user_id = rng.choice(participant_ids)
        at = now - timedelta(days=rng.randint(0, 500))
        entries.append(
            {
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
        )
    _bulk(JournalEntry, entries)
    made["journal entries"] = len(entries)
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
