"""Every role's journey through Bru in a real browser, with axe-core on every page on the way.

The set-up (accounts, cohorts, a participant's progress) comes from the factories and
services; everything a person does on screen is done by clicking and typing.
"""

import re
from datetime import date, timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from app.accounts.models import Role, User
from app.accounts.services import invitation_create
from app.extensions import db
from app.journal.models import Audience, JournalEntry
from app.journal.services import journal_comment_add, journal_entry_create
from app.learning.services import step_complete
from app.mail.models import OutboxEmail
from app.organisations.models import Cohort, Organisation, Region
from tests.browser.a11y import audit
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, link_from
from tests.exercises.helpers import top_of_scale_label

NEW_PASSWORD = "lantern copper meadow river"


def outbox(app, recipient: str, subject_contains: str = "") -> list[OutboxEmail]:
    with app.app_context():
        rows = db.session.scalars(
            select(OutboxEmail).where(OutboxEmail.recipient == recipient).order_by(OutboxEmail.id)
        ).all()
        return [r for r in rows if subject_contains in r.subject]


def exercise_in(catalog, course_slug: str, kind: str):
    """(module, step, exercise) of the first exercise of `kind` in a course."""
    for module in catalog.course(course_slug).modules:
        for step in module.source.steps:
            if step.exercise and step.exercise.kind == kind:
                return module, step, step.exercise
    raise LookupError(kind)


def answer(page, kind: str, ex) -> None:
    """Answer one exercise the way a participant would, and wait for the feedback."""
    if kind == "single_choice":
        correct = next(o for o in ex["options"] if o.get("correct"))
        page.get_by_label(correct["text"].strip()).check()
    elif kind == "multiple_choice":
        for option in ex["options"]:
            if option.get("correct"):
                page.get_by_label(option["text"].strip()).check()
    elif kind == "ordering":
        for place, item in enumerate(ex["items"], start=1):
            page.get_by_label(item["text"].strip()).select_option(str(place))
    elif kind == "matching":
        for pair in ex["pairs"]:
            page.get_by_label(pair["term"].strip()).select_option(label=pair["match"].strip())
    elif kind == "dilemma":
        page.get_by_label(ex["options"][0]["text"].strip()).check()
        page.get_by_label("Why would you choose this?").fill("Trust matters on both sides.")
    elif kind == "scale":
        page.get_by_label(top_of_scale_label(ex), exact=True).check()
    elif kind in ("reflection", "task"):
        page.get_by_label(ex["prompt"].strip()).fill("What I give, and what I hope to learn.")
    elif kind == "goals":
        page.get_by_label("Goal 1").fill("Plan the work together with my host colleagues")
        page.get_by_label("Where you stand").first.select_option("2")
    page.get_by_role("button", name="Send answer").click()
    expect(page.locator(".exercise form")).to_have_count(0)  # the feedback replaced the form


def test_participant_from_invitation_to_feedback(
    page, app, live_server, catalog, create_user, create_cohort, create_organisation
):
    admin = create_user(Role.ADMIN)
    facilitator = create_user(Role.FACILITATOR, name="Fatima Facilitator")
    cohort = create_cohort(facilitators=[facilitator])
    home = create_organisation(name="Bergen Youth Network", region=Region.NORWAY, country="NO")
    with app.test_request_context():
        invitation_create(
            email="amina@example.org",
            name="Amina Mwangi",
            role=Role.PARTICIPANT,
            organisation=db.session.get(Organisation, home.id),
            cohort=db.session.get(Cohort, cohort.id),
            invited_by=db.session.get(User, admin.id),
            locale="en",
        )
        db.session.commit()
    (invitation,) = outbox(app, "amina@example.org")

    # The link from the email: choose a password, and land on the dashboard, signed in.
    page.goto(live_server + link_from(invitation.body))
    expect(page.get_by_role("heading", name="Welcome to Bru, Amina Mwangi")).to_be_visible()
    audit(page)
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_label("Repeat the password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password").click()
    page.wait_for_url(f"{live_server}/dashboard")
    expect(page.get_by_text("Welcome to Bru. Your password is set.")).to_be_visible()
    audit(page)

    # The language switcher: Nynorsk, and back to English.
    page.get_by_label("Language").select_option(label="Norsk nynorsk")
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    expect(page.get_by_role("heading", name="Hei, Amina Mwangi")).to_be_visible()
    audit(page, "nn")
    page.get_by_label("Språk").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Hello, Amina Mwangi")).to_be_visible()

    # One whole module, step by step: reading steps and the exercises in it.
    course = catalog.course("preparatory")
    module = course.modules[0]
    page.get_by_role("link", name=course.title("en")).click()
    audit(page)
    page.get_by_role("link", name=module.localized("en").title).click()
    steps = module.source.steps
    for number, step in enumerate(steps, start=1):
        expect(page.get_by_role("heading", name=step.title, exact=True)).to_be_visible()
        expect(page.get_by_text(f"Step {number} of {len(steps)}")).to_be_visible()
        audit(page)
        if step.exercise:
            answer(page, step.exercise.kind, step.exercise)
            audit(page, f"{step.exercise.kind} answered")
        if number < len(steps):
            page.locator(".step-nav").get_by_role("button").click()
        else:
            page.get_by_role("button", name="Finish module").click()
    expect(page.get_by_text("Module finished. Well done!")).to_be_visible()
    expect(page.locator(".modules li").first).to_contain_text("Done")
    audit(page)

    # Every other exercise kind the course has, each where it first appears.
    answered = {s.exercise.kind for s in steps if s.exercise}
    in_course = {s.exercise.kind for m in course.modules for s in m.source.steps if s.exercise}
    for kind in sorted(in_course - answered):
        other, step, ex = exercise_in(catalog, "preparatory", kind)
        page.goto(f"{live_server}/courses/preparatory/{other.slug}/{step.id}")
        audit(page)
        answer(page, kind, ex)
        audit(page, f"{kind} answered")
        answered.add(kind)
    assert answered == in_course and len(in_course) >= 6

    # A reflection in the journal, shared with the facilitators.
    page.get_by_role("link", name="Journal").click()
    audit(page)
    page.get_by_role("link", name="Write a new entry").click()
    page.get_by_label("Title (optional)").fill("Before I leave")
    page.get_by_label("Your entry").fill("I am curious about how decisions are made there.")
    expect(page.locator("#draft-status")).to_contain_text("Saved")  # the autosave, seen
    audit(page)
    page.get_by_label("Me and my facilitators").check()
    page.get_by_role("button", name="Save entry").click()
    page.wait_for_url(re.compile(r"/journal/\d+$"))
    expect(
        page.get_by_text("You and the facilitators of your cohort can read this entry.")
    ).to_be_visible()
    audit(page)

    # The facilitator answers (their own journey does it on screen) ...
    with app.test_request_context():
        entry = db.session.scalars(
            select(JournalEntry).where(JournalEntry.title == "Before I leave")
        ).one()
        assert entry.audience == Audience.FACILITATORS
        journal_comment_add(
            entry=entry,
            author=db.session.get(User, facilitator.id),
            body="Write down one question to ask your host in the first week.",
        )
        db.session.commit()

    # ... and the participant reads it from the dashboard.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_text("You have new feedback on 1 journal entry.")).to_be_visible()
    audit(page)
    page.get_by_role("link", name="Read it").click()
    expect(page.locator(".comment-body")).to_have_text(
        "Write down one question to ask your host in the first week."
    )
    expect(page.locator(".comment .meta")).to_contain_text("Fatima Facilitator")
    audit(page)


def test_facilitator_follows_a_cohort_gives_feedback_and_sends_a_reminder(
    page, app, live_server, create_user, create_cohort, create_participant, create_organisation
):
    facilitator = create_user(Role.FACILITATOR, name="Fatima Facilitator")
    cohort = create_cohort(name="Spring 2027", facilitators=[facilitator])
    bergen = create_organisation(name="Bergen Youth Network", region=Region.NORWAY, country="NO")
    oslo = create_organisation(name="Oslo Health Forum", region=Region.NORWAY, country="NO")
    kampala = create_organisation(name="Kampala Teachers", country="UG")
    amina = create_participant(cohort, phase="mid", home=bergen, host=kampala, name="Amina Mwangi")
    jonas = create_participant(cohort, phase="mid", home=oslo, host=kampala, name="Jonas Berg")
    with app.app_context():
        step_complete(
            user=db.session.get(User, amina.id),
            course_slug="preparatory",
            module_slug="being-a-participant",
            step_id="welcome",
        )
        entry = journal_entry_create(
            author=db.session.get(User, amina.id),
            title="Settling in",
            body="The team meets every morning at eight.",
            audience=Audience.FACILITATORS,
        )
        db.session.commit()
        entry_id = entry.id

    sign_in(page, live_server, facilitator.email)
    audit(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cohorts").click()
    audit(page)
    page.get_by_role("link", name="Spring 2027").click()
    expect(page.get_by_role("heading", name="Spring 2027")).to_be_visible()
    # The phase the cohort is in is unfolded: its table has a row per participant.
    rows = page.locator("#matrix details[open] tbody tr")
    expect(rows).to_have_count(2)
    audit(page)

    # The organisation filter swaps the table in place (htmx) and keeps the address.
    page.evaluate("window.bruMarker = 'same page'")
    page.get_by_label("Organisation").select_option(label="Bergen Youth Network")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Amina Mwangi")
    expect(page).to_have_url(re.compile(rf"organisation={bergen.id}"))
    assert page.evaluate("window.bruMarker") == "same page"
    audit(page, "filtered")

    page.get_by_role("link", name="Amina Mwangi").first.click()
    expect(page.get_by_role("heading", name="Amina Mwangi")).to_be_visible()
    audit(page)

    # An entry she shared, from her page, and feedback on it.
    page.get_by_role("link", name="Settling in").click()
    page.wait_for_url(f"{live_server}/journal/{entry_id}")
    audit(page)
    page.get_by_label("Your feedback").fill("Good: use those mornings to ask questions.")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator(".comment-body")).to_have_text("Good: use those mornings to ask questions.")
    audit(page, "feedback sent")
    assert outbox(app, amina.email), "the participant is told by email"

    # A reminder to the participant, queued in the outbox.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cohorts").click()
    page.get_by_role("link", name="Spring 2027").click()
    page.get_by_role("navigation", name="Cohort").get_by_role("link", name="Reminders").click()
    audit(page)
    page.get_by_label("Jonas Berg").check()
    page.get_by_label("A personal note").fill("The mid-term review is due next week.")
    page.get_by_role("button", name="Send reminders").click()
    expect(page.get_by_text("1 reminder queued.")).to_be_visible()
    audit(page)
    reminders = outbox(app, jonas.email)
    assert len(reminders) == 1
    assert "The mid-term review is due next week." in reminders[0].body


def test_partner_contact_sees_own_participants_only(
    page, app, live_server, create_user, create_cohort, create_participant, create_organisation
):
    cohort = create_cohort()
    ours = create_organisation(name="Kampala Teachers", country="UG")
    other = create_organisation(name="Lima Health", region=Region.LATIN_AMERICA, country="PE")
    sent = create_participant(cohort, phase="mid", home=ours, name="Grace Achieng")
    create_participant(cohort, phase="mid", host=ours, name="Kari Nordmann")
    stranger = create_participant(cohort, phase="mid", host=other, name="Someone Else")
    with app.app_context():
        for step_id in ("welcome", "reciprocity"):
            step_complete(
                user=db.session.get(User, sent.id),
                course_slug="preparatory",
                module_slug="being-a-participant",
                step_id=step_id,
            )
        db.session.commit()
    partner = create_user(Role.PARTNER, organisation=ours)

    page.goto(f"{live_server}/sign-in")
    audit(page)
    page.get_by_label("Email").fill(partner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # A partner's first page: their own training, and their organisation.
    page.wait_for_url(f"{live_server}/dashboard")
    expect(page.get_by_role("heading", name="Kampala Teachers", level=2)).to_be_visible()
    audit(page)
    page.get_by_role("link", name="Your participants").click()
    expect(page.get_by_role("heading", name="Kampala Teachers", level=1)).to_be_visible()
    table = page.get_by_role("region", name="Participants")
    expect(table.get_by_role("row")).to_have_count(3)  # header + two
    expect(table.get_by_role("row", name=re.compile("Grace Achieng"))).to_contain_text(
        "sent by you"
    )
    expect(table.get_by_role("row", name=re.compile("Kari Nordmann"))).to_contain_text(
        "hosted by you"
    )
    expect(page.get_by_text("Someone Else")).to_have_count(0)
    audit(page)

    page.get_by_role("link", name="Grace Achieng").click()
    expect(page.get_by_role("heading", name="Grace Achieng")).to_be_visible()
    preparatory = page.get_by_role("row", name=re.compile("Preparatory"))
    expect(preparatory.get_by_role("cell")).to_have_text(re.compile(r"^\s*[1-9]\d* %\s*$"))
    audit(page)

    response = page.goto(f"{live_server}/organisation/participants/{stranger.id}")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_text("Someone Else")).to_have_count(0)
    audit(page)


def test_admin_sets_up_an_organisation_a_cohort_and_invites_by_csv(
    page, app, live_server, create_user
):
    admin = create_user(Role.ADMIN, name="Ada Admin")
    create_user(Role.FACILITATOR, name="Fatima Facilitator")

    sign_in(page, live_server, admin.email)
    page.get_by_role("link", name="Administration").click()
    audit(page)
    page.get_by_role("link", name="Add an organisation").click()
    audit(page)
    page.get_by_label("Name").fill("Mombasa Youth Forum")
    page.get_by_label("Country").select_option("KE")
    page.get_by_label("Region").select_option(label="Africa")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Mombasa Youth Forum")).to_be_visible()
    audit(page)

    page.get_by_role("navigation", name="Administration").get_by_role(
        "link", name="Cohorts"
    ).click()
    audit(page)
    page.get_by_role("link", name="Create a cohort").click()
    audit(page)
    page.get_by_label("Name").fill("Autumn 2027")
    starts = date.today() + timedelta(days=30)
    page.get_by_label("Starts on").fill(starts.isoformat())
    page.get_by_label("Ends on").fill((starts + timedelta(days=365)).isoformat())
    page.get_by_label("Fatima Facilitator").check()
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_text("Cohort created.")).to_be_visible()
    expect(page.get_by_role("heading", name="Manage Autumn 2027")).to_be_visible()
    audit(page)

    page.get_by_role("link", name="Invite from a CSV file").click()
    audit(page)
    csv = (
        "email,name,role,organisation,cohort\n"
        "wanjiru@example.org,Wanjiru Kamau,participant,Mombasa Youth Forum,Autumn 2027\n"
        "baraka@example.org,Baraka Otieno,participant,Mombasa Youth Forum,Autumn 2027\n"
    )
    page.get_by_label("CSV file").set_input_files(
        {"name": "autumn.csv", "mimeType": "text/csv", "buffer": csv.encode()}
    )
    page.get_by_role("button", name="Upload and invite").click()
    expect(page.get_by_text("2 invitations sent.")).to_be_visible()
    audit(page)

    page.get_by_role("link", name="Administration").click()
    page.get_by_role("navigation", name="Administration").get_by_role("link", name="People").click()
    for name in ("Wanjiru Kamau", "Baraka Otieno"):
        expect(page.get_by_role("row", name=re.compile(name))).to_contain_text("Invited")
    audit(page)
    assert len(outbox(app, "wanjiru@example.org")) == 1
    assert len(outbox(app, "baraka@example.org")) == 1
