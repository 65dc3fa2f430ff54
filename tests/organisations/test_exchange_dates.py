"""An exchange's dates decide its phase in one place (the exchange), and every page that shows
a phase agrees on the day of departure, the midpoint and the day of return."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.accounts.models import Role, User
from app.content.model import Phase
from app.extensions import db
from app.journal.models import JournalEntry
from app.organisations.models import Exchange, MemberRole
from app.organisations.services import cohort_member_add, exchange_create
from tests.conftest import sign_in_as

TODAY = date.today()


def test_the_exchange_states_its_phases_and_course_dates():
    exchange = Exchange(departs_on=date(2025, 3, 1), returns_on=date(2025, 9, 1))
    assert exchange.phase_on(date(2025, 2, 28)) == Phase.PRE
    assert exchange.phase_on(date(2025, 3, 1)) == Phase.MID  # the day of departure
    assert exchange.phase_on(date(2025, 8, 31)) == Phase.MID
    assert exchange.phase_on(date(2025, 9, 1)) == Phase.POST  # the day of return: home
    assert exchange.course_opens_on(Phase.PRE) is None
    assert exchange.course_opens_on(Phase.MID) == exchange.midpoint == date(2025, 6, 1)
    assert exchange.course_opens_on(Phase.POST) == date(2025, 9, 1)


# (days from today to departure, to return) -> the phase every page shows today
CASES = {
    "the day before departure": ((1, 200), Phase.PRE),
    "the day of departure": ((0, 200), Phase.MID),
    "the day before return": ((-200, 1), Phase.MID),
    "the day of return": ((-200, 0), Phase.POST),
}


@pytest.fixture
def traveller(app, create_user, create_organisation, create_cohort):
    def make(departs_in: int, returns_in: int):
        home, host = create_organisation(), create_organisation()
        user = create_user(Role.PARTICIPANT, organisation=home)
        cohort = create_cohort()
        with app.app_context():
            exchange_create(
                participant=db.session.get(User, user.id),
                home=home,
                host=host,
                departs_on=TODAY + timedelta(days=departs_in),
                returns_on=TODAY + timedelta(days=returns_in),
            )
            cohort_member_add(cohort=cohort, user=user, role=MemberRole.PARTICIPANT)
            db.session.commit()
        contact = create_user(Role.PARTNER, organisation=host)
        return user, contact

    return make


@pytest.mark.parametrize("case", CASES)
def test_every_page_that_shows_a_phase_agrees(app, client, traveller, case):
    (departs_in, returns_in), phase = CASES[case]
    user, contact = traveller(departs_in, returns_in)

    # The host partner's pages name the phase.
    sign_in_as(client, contact)
    listed = client.get("/organisation").text
    assert phase.label in listed.split(user.name, 1)[1].split("</tr>", 1)[0]
    assert phase.label in client.get(f"/organisation/participants/{user.id}").text

    # The participant's dashboard opens the course of the phase, no later one.
    sign_in_as(client, user)
    client.post("/language", data={"locale": "en"})
    homecoming_open = client.get("/courses/homecoming").status_code == 200
    assert homecoming_open == (phase == Phase.POST)

    # A journal entry written today belongs to the phase.
    client.post(
        "/journal/new",
        data={"title": "Today", "body": "x", "draft_key": "t" * 20, "audience": "private"},
    )
    with app.app_context():
        entry = db.session.scalar(select(JournalEntry).where(JournalEntry.author_id == user.id))
        assert entry.phase == phase


def test_the_mid_exchange_course_opens_on_the_midpoint_and_not_the_day_before(
    app, client, traveller
):
    user, _contact = traveller(-100, 100)  # the midpoint is today
    sign_in_as(client, user)
    assert client.get("/courses/during-exchange").status_code == 200
    later, _ = traveller(-99, 101)  # the midpoint is tomorrow
    sign_in_as(client, later)
    assert client.get("/courses/during-exchange").status_code == 403
