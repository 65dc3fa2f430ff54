"""The partners' part in an exchange: the host partner reads and answers the work plan, gives
its own view at the mid-term review, finds the entries shared with it, and walks partner
courses of its own. Served from a small course set of this folder, so that the behaviour is
tested apart from the real courses' wording."""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.exercises.models import ExerciseAnswer
from app.extensions import db
from app.journal.models import Audience, JournalEntry
from app.mail.models import OutboxEmail
from app.organisations.models import MemberRole, Region
from app.organisations.services import cohort_member_add
from app.partners.models import MidTermView, WorkPlanResponse, WorkPlanReview
from tests.conftest import all_rows, link_from, sign_in_as

COURSES = Path(__file__).parent / "courses"
PLAN = "/courses/exchange-work/plan/write-plan"
HOST_VIEW = "/courses/exchange-work/plan/host-view"


@pytest.fixture
def partner_app(serve_courses):
    """The app on the same database, serving this folder's courses."""
    return serve_courses(COURSES)


@pytest.fixture
def web(partner_app):
    return partner_app.test_client


@pytest.fixture
def exchange_people(create_user, create_organisation, create_cohort, create_participant):
    """A participant sent from Norway to a host in Uganda, both partners' contacts, an
    outsider organisation's contact, and the cohort's facilitator."""
    home = create_organisation(name="Bergen Health", region=Region.NORWAY, country="NO")
    host = create_organisation(name="Kampala Youth Media", country="UG")
    other = create_organisation(name="Lusaka Radio", country="ZM")
    facilitator = create_user(Role.FACILITATOR)
    cohort = create_cohort(courses=["exchange-work"], facilitators=[facilitator])
    participant = create_participant(cohort, phase="mid", home=home, host=host)
    return {
        "participant": participant,
        "host_contact": create_user(Role.PARTNER, organisation=host, locale="pt"),
        "home_contact": create_user(Role.PARTNER, organisation=home, locale="nn"),
        "outsider": create_user(Role.PARTNER, organisation=other),
        "facilitator": facilitator,
        "cohort": cohort,
    }


def as_(web, user):
    client = web()
    sign_in_as(client, user)
    return client


def write_plan(web, participant, tasks="Run the radio workshop"):
    response = as_(web, participant).post(
        PLAN + "/answer", data={"section-tasks": tasks, "section-support": "A co-host"}
    )
    assert response.status_code == 200, response.text
    return response


def emails_to(app, user) -> list[OutboxEmail]:
    return [e for e in all_rows(app, OutboxEmail, OutboxEmail.id) if e.recipient == user.email]


def test_the_host_contact_reads_the_work_plan_and_confirms_it_and_the_participant_reads_that(
    app, web, exchange_people
):
    people = exchange_people
    write_plan(web, people["participant"])
    # The host partner's contact is told, in their own language (Portuguese).
    [told] = emails_to(app, people["host_contact"])
    assert told.language == "pt" and "/organisation/participants/" in told.body
    assert emails_to(app, people["home_contact"]) == []  # the home partner does not read it

    host = as_(web, people["host_contact"])
    page = host.get(f"/organisation/participants/{people['participant'].id}")
    assert "Run the radio workshop" in page.text
    # The course has no Portuguese: the parts of the plan say so in their lang attribute.
    assert '<dt lang="en">My main tasks' in page.text
    waiting = f"/organisation/participants/{people['participant'].id}#work-plan"
    assert waiting in host.get("/dashboard").text  # waiting for them on the first page

    sent = host.post(
        f"/organisation/participants/{people['participant'].id}/work-plan",
        data={"response": "confirmed", "comment": ""},
    )
    assert sent.status_code == 302
    [review] = all_rows(app, WorkPlanReview)
    assert review.response == WorkPlanResponse.CONFIRMED
    [answered] = emails_to(app, people["participant"])
    assert answered.language == "en"

    step = as_(web, people["participant"]).get(PLAN)
    assert people["host_contact"].name in step.text and "✓" in step.text
    assert waiting not in host.get("/dashboard").text


def test_a_comment_needs_words_and_a_refused_answer_keeps_what_was_typed(app, web, exchange_people):
    people = exchange_people
    write_plan(web, people["participant"])
    host = as_(web, people["host_contact"])
    url = f"/organisation/participants/{people['participant'].id}/work-plan"
    refused = host.post(url, data={"response": "commented", "comment": "   "})
    assert refused.status_code == 400
    assert all_rows(app, WorkPlanReview) == []
    kept = host.post(url, data={"response": "nonsense", "comment": "Start in March, not May."})
    assert kept.status_code == 400 and "Start in March, not May." in kept.text
    host.post(url, data={"response": "commented", "comment": "Start in March, not May."})
    assert "Start in March, not May." in as_(web, people["participant"]).get(PLAN).text


def test_a_revised_plan_waits_for_the_host_again(app, web, exchange_people):
    people = exchange_people
    write_plan(web, people["participant"])
    host = as_(web, people["host_contact"])
    waiting = f"/organisation/participants/{people['participant'].id}#work-plan"
    host.post(
        f"/organisation/participants/{people['participant'].id}/work-plan",
        data={"response": "confirmed"},
    )
    assert waiting not in host.get("/organisation").text
    write_plan(web, people["participant"], tasks="Run two workshops")
    assert waiting in host.get("/organisation").text


@pytest.mark.parametrize("who", ["home_contact", "outsider"])
def test_only_the_host_partner_reads_and_answers_the_plan(app, web, exchange_people, who):
    people = exchange_people
    write_plan(web, people["participant"])
    client = as_(web, people[who])
    pid = people["participant"].id
    page = client.get(f"/organisation/participants/{pid}")
    assert "Run the radio workshop" not in page.text
    if who == "outsider":
        assert page.status_code == 404
    posted = client.post(
        f"/organisation/participants/{pid}/work-plan", data={"response": "confirmed"}
    )
    assert posted.status_code == 404
    posted = client.post(f"/organisation/participants/{pid}/mid-term-view", data={"text": "Fine."})
    assert posted.status_code == 404
    assert all_rows(app, WorkPlanReview) == [] and all_rows(app, MidTermView) == []


def test_the_participant_asks_for_the_host_view_reads_it_and_the_facilitator_reads_both(
    app, partner_app, web, exchange_people
):
    people = exchange_people
    participant = as_(web, people["participant"])
    assert "/host-view/request" in participant.get(HOST_VIEW).text  # the way to ask
    asked = participant.post(HOST_VIEW + "/host-view/request")
    assert asked.status_code == 302
    participant.post(HOST_VIEW + "/host-view/request")  # asking twice tells them once
    [request] = emails_to(app, people["host_contact"])
    assert request.language == "pt"

    host = as_(web, people["host_contact"])
    pid = people["participant"].id
    assert f"/organisation/participants/{pid}#mid-term-view" in host.get("/organisation").text
    refused = host.post(f"/organisation/participants/{pid}/mid-term-view", data={"text": " "})
    assert refused.status_code == 400
    host.post(
        f"/organisation/participants/{pid}/mid-term-view",
        data={"text": "She leads the Friday show now; planning ahead is still hard."},
    )
    [view] = all_rows(app, MidTermView)
    assert view.written_at is not None and view.author_id == people["host_contact"].id
    # The email leads the participant to the step where the view is read.
    assert link_from(emails_to(app, people["participant"])[-1].body) == HOST_VIEW

    step = participant.get(HOST_VIEW)
    assert "She leads the Friday show now" in step.text
    participant.post(HOST_VIEW + "/answer", data={"text": "I agree about planning."})

    cohort, person = people["cohort"], people["participant"]
    seen = as_(web, people["facilitator"]).get(f"/cohorts/{cohort.id}/participants/{person.id}")
    assert "She leads the Friday show now" in seen.text
    assert "I agree about planning." in seen.text


def test_entries_shared_with_partners_are_listed_for_both_partners_and_announced_without_text(
    app, web, exchange_people
):
    people = exchange_people
    author = as_(web, people["participant"])
    created = author.post(
        "/journal/new",
        data={
            "title": "Week 12",
            "body": "The secret words",
            "draft_key": "d" * 22,
            "audience": "private",
        },
    )
    assert created.status_code == 302, created.text
    with app.app_context():
        entry = db.session.scalar(select(JournalEntry))
        entry_id = entry.id
    author.post(f"/journal/{entry_id}/audience", data={"audience": Audience.PARTNERS.value})
    for contact, language in (("host_contact", "pt"), ("home_contact", "nn")):
        [notice] = emails_to(app, people[contact])
        assert notice.language == language and "The secret words" not in notice.body
        listed = as_(web, people[contact]).get("/organisation/shared-entries")
        assert "Week 12" in listed.text
        assert as_(web, people[contact]).get(f"/journal/{entry_id}").status_code == 200
    outsider = as_(web, people["outsider"])
    assert "Week 12" not in outsider.get("/organisation/shared-entries").text
    assert outsider.get(f"/journal/{entry_id}").status_code == 404
    assert emails_to(app, people["outsider"]) == []


@pytest.fixture
def partner_learner(app, create_user, create_organisation, create_cohort):
    """A host partner's contact person in a partner-training cohort."""
    organisation = create_organisation(name="Dar Teachers", country="TZ")
    contact = create_user(Role.PARTNER, organisation=organisation)
    cohort = create_cohort(courses=["partner-training"])
    with app.app_context():
        cohort_member_add(cohort=cohort, user=contact, role=MemberRole.PARTICIPANT)
        db.session.commit()
    return contact


def test_a_partner_contact_walks_their_own_course_from_the_first_page(app, web, partner_learner):
    client = as_(web, partner_learner)
    dashboard = client.get("/dashboard")
    assert dashboard.status_code == 200 and "Hosting well" in dashboard.text
    assert client.get("/courses/partner-training").status_code == 200
    step = client.get("/courses/partner-training/hosting/room")
    assert "The only free room" in step.text and "Send answer" in step.text
    answered = client.post(
        "/courses/partner-training/hosting/plan/answer", data={"text": "Our driver, Juma."}
    )
    assert answered.status_code == 200
    [answer] = all_rows(app, ExerciseAnswer)
    assert answer.user_id == partner_learner.id and answer.cohort_id is not None
    # The reflection is kept in the partner contact's own journal, theirs alone to share.
    assert "Who will meet your participant" in client.get("/journal").text
    [entry] = all_rows(app, JournalEntry)
    assert (entry.author_id, entry.body, entry.audience) == (
        partner_learner.id,
        "Our driver, Juma.",
        Audience.PRIVATE,
    )
    sharing = client.get(f"/journal/{entry.id}").text
    assert 'value="facilitators"' in sharing and 'value="partners"' not in sharing


def test_partner_courses_are_not_for_participants_and_participant_courses_are_a_preview(
    app, web, partner_learner, exchange_people
):
    participant = as_(web, exchange_people["participant"])
    assert participant.get("/courses/partner-training").status_code == 404
    assert (
        participant.post(
            "/courses/partner-training/hosting/plan/answer", data={"text": "x"}
        ).status_code
        == 404
    )
    preview = as_(web, partner_learner).get(PLAN)
    assert preview.status_code == 200 and "Preview: only participants can answer." in preview.text
    refused = as_(web, partner_learner).post(PLAN + "/answer", data={"section-tasks": "x"})
    assert refused.status_code == 404
    assert all_rows(app, ExerciseAnswer) == []


def test_a_facilitator_runs_a_partner_training_cohort_of_partner_contacts(
    app, web, create_user, create_organisation, create_participant, create_cohort
):
    facilitator = create_user(Role.FACILITATOR, name="Frida Facilitator")
    organisation = create_organisation(name="Dar Teachers", country="TZ")
    contact = create_user(Role.PARTNER, organisation=organisation, name="Neema Contact")
    participant = create_participant(create_cohort(facilitators=[]), name="Plain Participant")
    client = as_(web, facilitator)
    mixed = client.post(
        "/cohorts/new",
        data={
            "name": "Mixed",
            "courses": ["partner-training", "exchange-work"],
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
        },
    )
    assert mixed.status_code == 400 and "one of them" in mixed.text
    created = client.post(
        "/cohorts/new",
        data={
            "name": "Hosts 2026",
            "courses": ["partner-training"],
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
        },
    )
    assert created.status_code == 302
    manage = client.get(created.headers["Location"]).text
    # Partner contacts are the learners of a partner cohort; participants are not offered.
    assert "Neema Contact" in manage and "Plain Participant" not in manage
    from app.organisations.models import Cohort

    with app.app_context():
        cohort_id = db.session.scalar(select(Cohort.id).where(Cohort.name == "Hosts 2026"))
    refused = client.post(
        f"/cohorts/{cohort_id}/manage", data={"participant_ids": [participant.id]}
    )
    assert refused.status_code == 400
    client.post(f"/cohorts/{cohort_id}/manage", data={"participant_ids": [contact.id]})

    learner = as_(web, contact)
    assert "Hosting well" in learner.get("/dashboard").text
    learner.post("/courses/partner-training/hosting/arrival/done")
    overview = client.get(f"/cohorts/{cohort_id}").text
    assert "Neema Contact" in overview


def test_the_per_organisation_view_shows_the_organisations_own_training(
    app, web, exchange_people, partner_learner
):
    people = exchange_people
    host = as_(web, people["host_contact"])
    # The host contact is in a partner-training cohort too, and has done one of three steps.
    with app.app_context():
        from app.organisations.models import Cohort, CohortCourse

        training = Cohort(name="Hosts", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
        training.courses = [CohortCourse(course_slug="partner-training")]
        db.session.add(training)
        db.session.flush()
        cohort_member_add(cohort=training, user=people["host_contact"], role=MemberRole.PARTICIPANT)
        db.session.commit()
    host.post("/courses/partner-training/hosting/arrival/done")
    page = as_(web, people["facilitator"]).get(f"/cohorts/{people['cohort'].id}/organisations")
    assert page.status_code == 200
    section = page.text.split("<h2>Kampala Youth Media</h2>")[1].split("</section>")[0]
    assert "Hosting well" in section and "33&nbsp;%" in section


def test_a_partner_contact_is_told_who_can_now_read_what_they_share_without_learning_goals(
    web, partner_learner
):
    page = as_(web, partner_learner).get("/dashboard").text
    assert "New people can read what you share with your facilitators" in page
    assert "your exercise results. Private entries stay private." in page
    assert "learning goals" not in page  # partner courses have none
    # The notice comes before the organisation's panel, not inside the training list.
    assert page.index("new-followers") < page.index("organisation-panel")
