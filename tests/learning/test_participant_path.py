"""A participant's way through the three phases and through a module, step by step."""

from datetime import datetime, timedelta

from sqlalchemy import select, update

from app.extensions import db
from app.learning.models import ModuleVisit, StepCompletion
from app.learning.services import RESUME_POINT_REFRESH
from app.organisations.models import Cohort
from app.organisations.services import cohort_course_open_early
from tests.conftest import sign_in_as

PRE = "/courses/preparatory/being-a-participant"


def completions(app, user) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(StepCompletion.step_id)
                .where(StepCompletion.user_id == user.id)
                .order_by(StepCompletion.id)
            )
        )


def test_the_dashboard_shows_three_phases_and_what_is_open(client, create_participant, cohort):
    before_departure = create_participant(cohort, phase="pre")
    sign_in_as(client, before_departure)
    page = client.get("/dashboard").text
    for phase in ("Before the exchange", "During the exchange", "After the exchange"):
        assert phase in page
    assert 'href="/courses/preparatory"' in page
    assert 'href="/courses/during-exchange"' not in page
    assert "Opens " in page  # the mid-exchange course shows the day it opens


def test_a_phase_that_is_not_open_yet_is_refused_with_its_opening_date(
    client, create_participant, cohort
):
    sign_in_as(client, create_participant(cohort, phase="pre"))
    response = client.get("/courses/during-exchange")
    assert response.status_code == 403
    assert "is not open yet" in response.text and "It opens on" in response.text
    step = client.get("/courses/during-exchange/work-plan/why")
    assert step.status_code == 403


def test_a_facilitator_can_open_a_phase_early_for_a_cohort(app, client, create_participant, cohort):
    participant = create_participant(cohort, phase="pre")
    with app.app_context():
        cohort_course_open_early(
            cohort=db.session.get(Cohort, cohort.id), course_slug="during-exchange"
        )
        db.session.commit()
    sign_in_as(client, participant)
    assert client.get("/courses/during-exchange").status_code == 200


def test_mid_and_post_phases_open_by_the_exchange_dates(client, create_participant, cohort):
    sign_in_as(client, create_participant(cohort, phase="mid"))
    assert client.get("/courses/during-exchange").status_code == 200
    assert client.get("/courses/homecoming").status_code == 403
    sign_in_as(client, create_participant(cohort, phase="post"))
    assert client.get("/courses/homecoming").status_code == 200


def test_a_course_outside_the_participants_cohorts_is_not_found(
    client, create_participant, create_cohort
):
    only_pre = create_cohort(courses=["preparatory"])
    sign_in_as(client, create_participant(only_pre, phase="post"))
    assert client.get("/courses/homecoming").status_code == 404


def test_walking_a_module_marks_steps_done_and_moves_on(app, client, participant, catalog):
    sign_in_as(client, participant)
    module = catalog.module("preparatory", "being-a-participant")
    first, second = module.step_ids[:2]
    page = client.get(f"{PRE}/{first}")
    assert page.status_code == 200 and "Step 1 of" in page.text
    response = client.post(f"{PRE}/{first}/done")
    assert response.headers["Location"] == f"{PRE}/{second}"
    # A double click changes nothing.
    client.post(f"{PRE}/{first}/done")
    assert completions(app, participant) == [first]
    page = client.get(f"{PRE}/{second}")
    assert f'href="{PRE}/{first}"' in page.text  # previous


def test_the_module_link_resumes_where_the_participant_stopped(client, participant, catalog):
    sign_in_as(client, participant)
    module = catalog.module("preparatory", "being-a-participant")
    client.get(f"{PRE}/{module.step_ids[2]}")
    assert client.get(PRE).headers["Location"] == f"{PRE}/{module.step_ids[2]}"


def test_the_last_step_finishes_the_module(client, participant, catalog):
    sign_in_as(client, participant)
    module = catalog.module("preparatory", "being-a-participant")
    response = client.post(f"{PRE}/{module.step_ids[-1]}/done")
    assert response.headers["Location"] == "/courses/preparatory?finished=being-a-participant"


def test_exercise_steps_are_not_completed_by_the_next_button(app, client, participant, catalog):
    sign_in_as(client, participant)
    module = catalog.module("preparatory", "being-a-participant")
    exercise_step = next(s for s in module.source.steps if s.exercise)
    client.post(f"{PRE}/{exercise_step.id}/done")
    assert completions(app, participant) == []


def test_progress_shows_on_the_dashboard_and_course_page(client, participant, catalog):
    sign_in_as(client, participant)
    module = catalog.module("preparatory", "being-a-participant")
    reading = [s.id for s in module.source.steps if not s.exercise]
    for step_id in reading:
        client.post(f"{PRE}/{step_id}/done")
    course_page = client.get("/courses/preparatory").text
    assert f"{len(reading)} of {len(module.step_ids)} steps" in course_page
    dashboard = client.get("/dashboard").text
    assert "Continue: " in dashboard


def test_a_module_or_step_that_does_not_exist_is_a_404_in_the_users_language(client, participant):
    sign_in_as(client, participant)
    client.post("/language", data={"locale": "nb"})
    for url in ("/courses/preparatory/no-such-module", f"{PRE}/no-such-step", "/courses/nothing"):
        response = client.get(url)
        assert response.status_code == 404
        assert '<html lang="nb">' in response.text


def test_the_step_page_works_without_javascript_and_on_a_narrow_screen(client, participant):
    sign_in_as(client, participant)
    page = client.get(f"{PRE}/welcome").text
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    # Moving on is a plain form post, not a script.
    assert f'<form method="post" action="{PRE}/welcome/done"' in page
    assert "<script>" not in page and "onclick" not in page


def test_a_facilitator_may_preview_a_course_without_progress_being_recorded(
    app, client, create_user, catalog
):
    from app.accounts.models import Role

    facilitator = create_user(Role.FACILITATOR)
    sign_in_as(client, facilitator)
    assert client.get(f"{PRE}/welcome").status_code == 200
    client.post(f"{PRE}/welcome/done")
    assert completions(app, facilitator) == []


def test_a_partner_contact_reads_participant_courses_as_a_preview_only(app, client, create_user):
    from app.accounts.models import Role

    contact = create_user(Role.PARTNER)
    sign_in_as(client, contact)
    page = client.get(f"{PRE}/welcome")
    assert page.status_code == 200
    client.post(f"{PRE}/welcome/done")
    assert completions(app, contact) == []


def visits(app, user) -> list[tuple[str, datetime]]:
    with app.app_context():
        return [
            (v.last_step_id, v.visited_at)
            for v in db.session.scalars(select(ModuleVisit).where(ModuleVisit.user_id == user.id))
        ]


def test_showing_the_resume_step_again_writes_nothing_for_a_few_minutes(
    app, client, participant, catalog
):
    sign_in_as(client, participant)
    first, second = catalog.module("preparatory", "being-a-participant").step_ids[:2]
    client.get(f"{PRE}/{first}")
    [(step, written)] = visits(app, participant)
    assert step == first
    # A reload writes nothing.
    client.get(f"{PRE}/{first}")
    assert visits(app, participant) == [(first, written)]
    # Another step moves the resume point at once.
    client.get(f"{PRE}/{second}")
    [(step, moved)] = visits(app, participant)
    assert step == second and moved >= written
    # The same step again after a while counts as fresh activity.
    with app.app_context():
        db.session.execute(
            update(ModuleVisit).values(
                visited_at=moved - RESUME_POINT_REFRESH - timedelta(seconds=1)
            )
        )
        db.session.commit()
    client.get(f"{PRE}/{second}")
    [(step, refreshed)] = visits(app, participant)
    assert step == second and refreshed >= moved
