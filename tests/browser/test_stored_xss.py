"""Names and answers full of XSS payloads, looked at in the browser: no dialog, no stray request."""

from datetime import date, timedelta

from app.accounts.models import Role, User
from app.exercises.services import exercise_answer_record
from app.extensions import db
from app.organisations.models import Cohort, CohortMember, MemberRole, Region
from app.organisations.services import cohort_create, exchange_create, organisation_create
from tests.browser.conftest import sign_in
from tests.exercises.helpers import find
from tests.security.payloads import PAYLOADS


def watch(page, live_server):
    """Record dialogs and any request that is not a plain page, asset or htmx call of Bru's."""
    events = []
    page.on("dialog", lambda dialog: (events.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on(
        "request",
        lambda request: (
            events.append(f"request: {request.method} {request.url}")
            if "sign-out" in request.url or request.url.startswith(("javascript:", "data:"))
            else None
        ),
    )
    return events


def test_payloads_in_names_and_answers_render_inert(page, live_server, app, create_user, catalog):
    today = date.today()
    with app.app_context():
        lead = db.session.get(User, create_user(Role.FACILITATOR).id)
        orgs = [
            organisation_create(name=f"{payload} org {i}", country="UG", region=Region.AFRICA)
            for i, payload in enumerate(PAYLOADS)
        ]
        cohort = cohort_create(
            name=PAYLOADS[0] + " cohort",
            course_slugs=["preparatory", "during-exchange", "homecoming"],
            starts_on=today - timedelta(days=10),
            ends_on=today + timedelta(days=300),
            facilitators=[lead],
        )
        people = []
        for i, payload in enumerate(PAYLOADS):
            user = User(email=f"xss{i}@example.org", name=f"{payload} {i}", role=Role.PARTICIPANT)
            db.session.add(user)
            db.session.flush()
            db.session.add(
                CohortMember(cohort_id=cohort.id, user_id=user.id, role=MemberRole.PARTICIPANT)
            )
            exchange_create(
                participant=user,
                home=orgs[i],
                host=orgs[(i + 1) % len(orgs)],
                departs_on=today - timedelta(days=300),
                returns_on=today - timedelta(days=5),
            )
            people.append(user)
        course, module, step, reflection = find(catalog, "reflection")
        d_course, d_module, d_step, dilemma = find(catalog, "dilemma")
        for i, user in enumerate(people):
            payload = PAYLOADS[i]
            exercise_answer_record(
                user=user,
                cohort_id=cohort.id,
                course=course,
                module=module,
                step_id=step.id,
                exercise=reflection,
                answer={"text": payload},
                answered_before=False,
            )
            exercise_answer_record(
                user=user,
                cohort_id=cohort.id,
                course=d_course,
                module=d_module,
                step_id=d_step.id,
                exercise=dilemma,
                answer={"choice": str(dilemma["options"][0]["key"]), "why": payload},
                answered_before=False,
            )
        db.session.commit()
        cohort_id, lead_email, first_id = cohort.id, lead.email, people[0].id
        assert db.session.get(Cohort, cohort_id)

    events = watch(page, live_server)
    sign_in(page, live_server, lead_email)
    for path in (
        f"/cohorts/{cohort_id}",
        f"/cohorts/{cohort_id}/organisations",
        f"/cohorts/{cohort_id}/reminders",
        f"/cohorts/{cohort_id}/participants/{first_id}",
    ):
        page.goto(live_server + path)
        page.wait_for_load_state("networkidle")
        assert page.get_by_text(PAYLOADS[0], exact=False).first.is_visible()
    assert events == []
