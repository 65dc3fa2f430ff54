"""Behind schedule by pace: each course is expected done by a date of the participant's own
exchange, and its modules are spread over the course's time, so a facilitator sees who falls
behind while there is still time to help."""

from datetime import date, timedelta

import pytest

from app.accounts.models import Role
from app.extensions import db
from app.learning.models import StepCompletion
from app.organisations.models import Exchange, MemberRole
from app.organisations.services import cohort_member_add, exchange_create
from tests.conftest import sign_in_as

TODAY = date.today()


def seven_months_in(app, create_user, create_organisation, cohort, name, **user_args):
    """A participant seven months into a ten-month exchange: the mid-exchange course opened
    two months ago; they have done one step of its first module."""
    user = create_user(Role.PARTICIPANT, name=name, **user_args)
    home, host = create_organisation(), create_organisation()
    with app.app_context():
        exchange_create(
            participant=user,
            home=home,
            host=host,
            departs_on=TODAY - timedelta(days=213),
            returns_on=TODAY + timedelta(days=91),
        )
        cohort_member_add(cohort=cohort, user=user, role=MemberRole.PARTICIPANT)
        module = app.extensions["bru_catalog"].course("during-exchange").modules[0]
        db.session.add(
            StepCompletion(
                user_id=user.id,
                course_slug="during-exchange",
                module_slug=module.slug,
                step_id=module.step_ids[0],
            )
        )
        # The preparatory course was done before departure.
        for prep in app.extensions["bru_catalog"].course("preparatory").modules:
            for step_id in prep.step_ids:
                db.session.add(
                    StepCompletion(
                        user_id=user.id,
                        course_slug="preparatory",
                        module_slug=prep.slug,
                        step_id=step_id,
                    )
                )
        db.session.commit()
    return user


@pytest.fixture
def behind_cohort(app, create_user, create_cohort, create_organisation):
    lead = create_user(Role.FACILITATOR)
    cohort = create_cohort(name="Pace", facilitators=[lead])
    people = [
        seven_months_in(app, create_user, create_organisation, cohort, name)
        for name in ("Neema Slow", "Tomas Slow")
    ]
    return lead, cohort, people


def test_seven_months_in_and_on_module_one_of_the_mid_course_is_behind(client, behind_cohort):
    lead, cohort, people = behind_cohort
    sign_in_as(client, lead)
    matrix = client.get(f"/cohorts/{cohort.id}").text
    during = matrix.split("During the exchange</span>")[1].split("</details>")[0]
    for person in people:
        row = during.split(person.name)[1].split("</tr>")[0]
        assert row.count("Overdue") == 1, person.name  # module 1 only: module 2 is not due yet
    reminders = client.get(f"/cohorts/{cohort.id}/reminders").text
    assert "Select all 2 participants behind schedule" in reminders
    detail = client.get(f"/cohorts/{cohort.id}/participants/{people[0].id}").text
    assert "Overdue" in detail
    by_org = client.get(f"/cohorts/{cohort.id}/organisations").text
    assert "1 behind schedule" in by_org


def test_someone_on_pace_is_not_flagged(app, client, behind_cohort, catalog):
    lead, cohort, people = behind_cohort
    course = catalog.course("during-exchange")
    with app.app_context():
        for module in course.modules[:2]:  # on pace: two of five modules, two months in
            for step_id in module.step_ids:
                if not (module is course.modules[0] and step_id == module.step_ids[0]):
                    db.session.add(
                        StepCompletion(
                            user_id=people[0].id,
                            course_slug=course.slug,
                            module_slug=module.slug,
                            step_id=step_id,
                        )
                    )
        db.session.commit()
    sign_in_as(client, lead)
    page = client.get(f"/cohorts/{cohort.id}/reminders").text
    assert "Select the 1 participant behind schedule" in page


def test_the_modules_of_a_course_are_due_one_after_another_over_its_time():
    from app.follow_up.pace import module_due_on

    exchange = Exchange(departs_on=date(2026, 1, 1), returns_on=date(2026, 11, 1))
    # The mid-exchange course opens halfway (2026-06-02) and is due on the day of return;
    # each of its five modules gets a fifth of that time, rounded up to whole days.
    dues = [
        module_due_on(exchange=exchange, phase="mid", position=i, modules=5, joined_on=None)
        for i in range(5)
    ]
    assert dues[0] == date(2026, 7, 3) and dues[-1] == date(2026, 11, 1)
    assert dues == sorted(dues)
    # Before departure the time runs from when the participant joined the cohort.
    first = module_due_on(
        exchange=exchange, phase="pre", position=0, modules=2, joined_on=date(2025, 11, 1)
    )
    assert first == date(2025, 12, 2)
    # Someone who joins after the due date has everything due then, not earlier.
    late = module_due_on(
        exchange=exchange, phase="pre", position=0, modules=2, joined_on=date(2026, 3, 1)
    )
    assert late == date(2026, 1, 1)
    assert module_due_on(exchange=None, phase="mid", position=0, modules=5, joined_on=None) is None


def test_with_nobody_behind_the_reminders_page_says_so_instead_of_select_all_0(
    client, create_user, create_cohort, create_participant
):
    lead = create_user(Role.FACILITATOR)
    cohort = create_cohort(facilitators=[lead])
    create_participant(cohort, phase="pre")  # just joined, departs in two months
    sign_in_as(client, lead)
    page = client.get(f"/cohorts/{cohort.id}/reminders").text
    assert "Nobody in this cohort is behind schedule." in page
    assert "behind schedule</button>" not in page
