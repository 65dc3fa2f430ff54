"""The small demo: a few cohorts a person can walk through by hand."""

import random
from datetime import date, datetime, time, timedelta

from flask import current_app

from app.accounts.models import Role
from app.accounts.services import user_create
from app.content import catalog
from app.content.model import Phase
from app.demo.people import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    FIRST_NAMES,
    LAST_NAMES,
    ORGANISATIONS,
    demo_answer,
    demo_locale,
)
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
from app.partners.models import WorkPlanResponse
from app.partners.queries import host_view_step, latest_work_plan
from app.partners.services import (
    mid_term_view_request,
    mid_term_view_write,
    work_plan_review_record,
)


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
    languages = current_app.config["LANGUAGES"]
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
    patrick = user_create(
        email=DEMO_ACCOUNTS[Role.PARTNER],
        name="Patrick Partner",
        role=Role.PARTNER,
        organisation=partner_org,
        password=DEMO_PASSWORD,
    )
    kari = user_create(
        email="partner2@example.org",
        name="Kari Kontakt",
        role=Role.PARTNER,
        organisation=organisations[0],
        password=DEMO_PASSWORD,
    )

    slugs = [courses[p].slug for p in Phase if p in courses]
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
            if demo_user or (index == 0 and n == 2):
                # Hosted by the demo partner contact's organisation: its work to follow up.
                home, host = norway[n // 2], partner_org
            user = user_create(
                email=email,
                name=f"{first} {last}",
                role=Role.PARTICIPANT,
                organisation=home,
                password=DEMO_PASSWORD,
                locale=None if demo_user else demo_locale(rng, languages),
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
                opens_on = exchange.course_opens_on(phase)
                if opens_on is not None and opens_on > today:
                    continue
                share = rng.choice([0.2, 0.5, 0.8, 1.0]) if phase != "pre" or index else 1.0
                if demo_user and phase == "mid":
                    share = 0.3
                started = {"pre": starts_on, "mid": exchange.midpoint, "post": exchange.returns_on}
                _walk(user, cohort, course, share, rng, since=min(started[phase], today))
            if demo_user:
                _host_partner_part(exchange, user, patrick)
            participants += 1
    cohorts = len(plans) + _partner_training(facilitator, [(patrick, 0.5), (kari, 0.2)], rng)
    db.session.flush()
    return {
        "organisations": len(organisations),
        "cohorts": cohorts,
        "participants": participants,
    }


def _host_partner_part(exchange, participant, host_contact) -> None:
    """The host partner's contact has confirmed the demo participant's work plan and written
    its view for the mid-term review."""
    plan = latest_work_plan(participant.id)
    if plan is None:
        return
    work_plan_review_record(
        answer=plan,
        reviewer=host_contact,
        response=WorkPlanResponse.CONFIRMED,
        comment="A good plan. Let us add the school visits in March to the tasks.",
    )
    mid_term_view_request(exchange=exchange, participant=participant)
    mid_term_view_write(
        exchange=exchange,
        author=host_contact,
        text=(
            "The radio workshops run well and the young people like them. Planning ahead is "
            "still hard for all of us; in the second half we will meet every Monday to plan "
            "the week together."
        ),
        read_at=host_view_step(catalog(), participant),
    )


def _partner_training(facilitator, learners, rng) -> int:
    """A partner-training cohort in progress, when the courses have partner courses."""
    partner_courses = catalog().courses_for("partners")
    if not partner_courses:
        return 0
    today = date.today()
    starts_on = today - timedelta(days=45)
    cohort = cohort_create(
        name=f"Partner training {today.year}",
        course_slugs=[c.slug for c in partner_courses],
        starts_on=starts_on,
        ends_on=today + timedelta(days=320),
        facilitators=[facilitator],
    )
    first = partner_courses[0]
    for contact, share in learners:
        cohort_member_add(cohort=cohort, user=contact, role=MemberRole.PARTICIPANT)
        _walk(contact, cohort, first, share, rng, since=starts_on)
    return 1
