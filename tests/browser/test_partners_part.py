"""The partners' part in an exchange, on the real courses, in real browsers: the host partner
confirms the work plan and gives its view at the mid-term review, told by email over SMTP;
the participant reads both, and so does the facilitator; nobody else does. And the demo's
partner contact, on a phone, finds their own course first and walks a step of it.

Each person has a browser of their own; every page on the way is checked with axe-core.
"""

import re
from email import message_from_bytes, policy

from flask_babel import force_locale, gettext
from playwright.sync_api import expect
from sqlalchemy import select

from app.accounts.models import Role, User
from app.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from app.exercises.models import ExerciseAnswer
from app.extensions import db
from app.organisations.models import Region
from tests.browser.a11y import audit
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

PHONE = {"width": 360, "height": 640}
PLAN_STEP = "/courses/during-exchange/work-plan/write-plan"
VIEW_STEP = "/courses/during-exchange/mid-term-review/host-view"


def tr(app, language: str, message: str, **values) -> str:
    """An interface text as the catalog of `language` says it."""
    with app.test_request_context(), force_locale(language):
        return gettext(message, **values)


def delivered(app, inbox) -> list:
    """Run `flask mail send` against the SMTP server on loopback; the messages it received,
    parsed (headers decoded), since the last call."""
    before = len(inbox.messages)
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 0 and ", failed 0." in result.output, result.output
    return [
        message_from_bytes(envelope.original_content, policy=policy.default)
        for envelope in inbox.messages[before:]
    ]


def link_in(message) -> str:
    match = re.search(r"https?://\S+", message.get_content())
    assert match, message.get_content()
    return match.group(0)


def test_the_host_partner_confirms_the_work_plan_and_gives_its_view_and_the_participant_reads_it(
    page,
    open_browser,
    app,
    live_server,
    catalog,
    smtp_server,
    monkeypatch,
    create_user,
    create_cohort,
    create_participant,
    create_organisation,
):
    # The links in the emails lead to this Bru.
    monkeypatch.setitem(app.config, "PUBLIC_URL", live_server)
    facilitator = create_user(Role.FACILITATOR, name="Fatima Facilitator")
    cohort = create_cohort(name="Spring 2027", facilitators=[facilitator])
    home = create_organisation(name="Bergen Youth Network", region=Region.NORWAY, country="NO")
    host = create_organisation(name="Arusha Youth Radio", country="TZ")
    other = create_organisation(name="Lima Health", region=Region.LATIN_AMERICA, country="PE")
    ingrid = create_participant(cohort, phase="mid", home=home, host=host, name="Ingrid Haugen")
    # The host partner's contact person reads Bru, and its emails, in Swahili.
    neema = create_user(Role.PARTNER, organisation=host, name="Neema Mollel", locale="sw")
    create_user(Role.PARTNER, organisation=home, name="Kari Nordmann", locale="nn")
    outsider = create_user(Role.PARTNER, organisation=other, name="Rosa Quispe", locale="es")
    work_plan = catalog.module("during-exchange", "work-plan")
    sections = work_plan.exercise("write-plan")["sections"]
    plan = {str(s["key"]): f"My plan: {s['key']}, agreed with Arusha." for s in sections}

    # The participant writes the work plan; the step tells her who will read it.
    sign_in(page, live_server, ingrid.email)
    page.goto(live_server + PLAN_STEP)
    expect(
        page.get_by_text(
            "Your contact person at the host partner will see your answers in this step."
        )
    ).to_be_visible()
    expect(
        page.get_by_text(
            "Your host partner's contact person will read this plan, and can confirm it or "
            "comment on it. They see nothing else of your journal."
        )
    ).to_be_visible()
    audit(page)
    for section in sections:
        page.get_by_label(section["label"].strip()).fill(plan[str(section["key"])])
    page.get_by_role("button", name="Send answer").click()
    expect(page.get_by_text("Waiting for your host partner's contact person")).to_be_visible()
    audit(page, "work plan sent")

    # Only the host partner's contact person is told, in her language, with a link.
    [told] = delivered(app, smtp_server)
    assert told["To"] == neema.email and told["Content-Language"] == "sw"
    assert told["Subject"] == tr(
        app, "sw", "%(name)s has written a work plan for you to read", name=ingrid.name
    )

    # She follows the link, signs in, and reads the plan, its parts as the course says them
    # in Swahili.
    host_page = open_browser()
    host_page.goto(link_in(told))
    host_page.wait_for_url(re.compile(r"/sign-in\?next="))
    host_page.get_by_label("Email").fill(neema.email)
    host_page.get_by_label("Password").fill(PASSWORD)
    host_page.get_by_role("button", name="Sign in").click()
    participant_page = f"{live_server}/organisation/participants/{ingrid.id}"
    host_page.wait_for_url(participant_page)
    expect(host_page.locator("html")).to_have_attribute("lang", "sw")
    expect(host_page.get_by_role("heading", name=ingrid.name, level=1)).to_be_visible()
    in_swahili, language = work_plan.exercise_in("write-plan", "sw")
    assert language == "sw"
    answer = host_page.locator(".work-plan-answer")
    for section in in_swahili["sections"]:
        expect(answer.locator("dt", has_text=section["label"].strip())).to_have_count(1)
        expect(answer).to_contain_text(plan[str(section["key"])])
    expect(answer.locator("[lang]")).to_have_count(0)
    audit(host_page, "the work plan, in Swahili")

    # She confirms it, with a word for the participant.
    host_page.get_by_label(tr(app, "sw", "I confirm the plan")).check()
    host_page.get_by_label(tr(app, "sw", "Comment (shown to the participant)")).fill(
        "Karibu! Let us add the school visits in March."
    )
    host_page.get_by_role("button", name=tr(app, "sw", "Send your answer")).click()
    expect(
        host_page.get_by_text(
            tr(app, "sw", "Thank you. %(name)s can read your answer now.", name=ingrid.name)
        )
    ).to_be_visible()
    audit(host_page, "work plan confirmed")

    # The participant is told, and reads the answer where she wrote the plan.
    [answered] = delivered(app, smtp_server)
    assert answered["To"] == ingrid.email and answered["Content-Language"] == "en"
    assert answered["Subject"] == "Your host partner has answered your work plan"
    page.goto(link_in(answered))
    expect(page).to_have_url(live_server + PLAN_STEP)
    expect(page.locator(".host-view")).to_contain_text(f"✓ {neema.name} confirmed the plan on")
    expect(page.locator(".host-view")).to_contain_text(
        "Karibu! Let us add the school visits in March."
    )
    audit(page, "work plan answered")

    # At the mid-term review she asks the host partner for its view.
    page.goto(live_server + VIEW_STEP)
    expect(
        page.get_by_text("Your host partner's contact person has not written their view yet.")
    ).to_be_visible()
    assert [v["id"] for v in audit(page)] == []  # not even a heading out of order
    page.get_by_role("button", name="Ask them for their view").click()
    expect(page.get_by_text("You asked your host partner's contact person")).to_be_visible()
    audit(page, "view asked for")

    [asked] = delivered(app, smtp_server)
    assert asked["To"] == neema.email and asked["Content-Language"] == "sw"
    assert asked["Subject"] == tr(
        app, "sw", "%(name)s asks for your view of the exchange", name=ingrid.name
    )

    # The host contact writes it.
    host_page.goto(link_in(asked))
    expect(host_page).to_have_url(participant_page)
    view = (
        "Ingrid runs the Friday youth show now. Planning ahead is still hard for all of us; "
        "in the second half we will plan each week together on Mondays."
    )
    host_page.get_by_label(
        tr(app, "sw", "How is the exchange going, as your organisation sees it?")
    ).fill(view)
    audit(host_page, "the view, being written")
    host_page.get_by_role("button", name=tr(app, "sw", "Save your view")).click()
    expect(
        host_page.get_by_text(
            tr(
                app,
                "sw",
                "Thank you. %(name)s and the facilitators can read your view now.",
                name=ingrid.name,
            )
        )
    ).to_be_visible()
    audit(host_page, "view written")

    # The participant is told, reads the view in the mid-term review and says how she sees it.
    [written] = delivered(app, smtp_server)
    assert written["To"] == ingrid.email
    assert written["Subject"] == "Your host partner has written its view of your exchange"
    page.goto(link_in(written))
    expect(page).to_have_url(live_server + VIEW_STEP)
    expect(page.locator(".host-view blockquote")).to_have_text(view)
    expect(page.locator(".host-view")).to_contain_text(f"Written by {neema.name}")
    prompt = catalog.module("during-exchange", "mid-term-review").exercise("host-view")["prompt"]
    page.get_by_label(prompt.strip()).fill("I agree; I will bring a plan for March on Monday.")
    page.get_by_role("button", name="Send answer").click()
    expect(page.locator(".exercise")).to_contain_text("I will bring a plan for March on Monday.")
    expect(page.locator(".exercise .host-view blockquote")).to_have_text(view)
    audit(page, "host view answered")

    # The facilitator reads both on the participant's page.
    facilitator_page = open_browser()
    sign_in(facilitator_page, live_server, facilitator.email)
    facilitator_page.goto(f"{live_server}/cohorts/{cohort.id}/participants/{ingrid.id}")
    expect(
        facilitator_page.get_by_text("Work plan confirmed by the host partner on")
    ).to_be_visible()
    expect(
        facilitator_page.get_by_text("Karibu! Let us add the school visits in March.")
    ).to_be_visible()
    expect(facilitator_page.get_by_text(view)).to_be_visible()
    expect(
        facilitator_page.get_by_text("I agree; I will bring a plan for March on Monday.")
    ).to_be_visible()
    audit(facilitator_page)

    # Another organisation's contact person: a 404, and nothing of the plan or the view.
    outsider_page = open_browser()
    sign_in(outsider_page, live_server, outsider.email)
    response = outsider_page.goto(participant_page)
    assert response.status == 404
    expect(
        outsider_page.get_by_role("heading", name=tr(app, "es", "Page not found"))
    ).to_be_visible()
    for text in (ingrid.name, view, plan["tasks"]):
        expect(outsider_page.get_by_text(text)).to_have_count(0)
    audit(outsider_page, "another organisation")
    outsider_page.goto(f"{live_server}/organisation")
    expect(outsider_page.get_by_text(ingrid.name)).to_have_count(0)
    # Nobody but the host contact and the participant was emailed.
    assert {m["To"] for m in (told, answered, asked, written)} == {neema.email, ingrid.email}


def test_the_demo_partner_contact_finds_their_own_course_first_and_walks_a_step_on_a_phone(
    page, app, live_server, catalog
):
    made = app.test_cli_runner().invoke(args=["demo"])
    assert made.exit_code == 0, made.output
    course = catalog.course("partners-before")
    assert course.audience == "partners"
    email = DEMO_ACCOUNTS[Role.PARTNER]
    page.set_viewport_size(PHONE)

    # The first page after signing in: their own partner course, begun, and the way on.
    sign_in(page, live_server, email, DEMO_PASSWORD)
    card = page.locator(".course-card").filter(
        has=page.get_by_role("link", name=course.title("en"), exact=True)
    )
    expect(card).to_have_count(1)
    expect(card).to_contain_text(course.summary("en"))
    expect(card.get_by_role("progressbar")).to_be_visible()
    resume = card.get_by_role("link", name=re.compile(r"^Continue: "))
    expect(resume).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    audit(page, "the demo partner's first page, on a phone")

    # On into the course, step by step, to the first exercise, and answer it.
    resume.click()
    while True:
        page.wait_for_url(re.compile(rf"/courses/{course.slug}/[^/]+/[^/?#]+$"))
        module_slug, step_id = page.url.split("/")[-2:]
        module = course.module(module_slug)
        step = module.source.step(step_id)
        expect(page.get_by_role("heading", name=step.title, exact=True)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        audit(page, "a partner course step, on a phone")
        if step.exercise is not None:
            break
        page.locator(".step-nav").get_by_role("button").click()
    assert step.exercise.kind == "dilemma"  # written from the partner's side
    page.get_by_label(step.exercise["options"][0]["text"].strip()).check()
    page.get_by_label("Why would you choose this?").fill("Sunita should choose, knowing it all.")
    page.get_by_role("button", name="Send answer").click()
    expect(page.get_by_role("heading", name="How your cohort answered")).to_be_visible()
    expect(page.get_by_text("Sunita should choose, knowing it all.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    audit(page, "a partner course exercise answered, on a phone")
    with app.app_context():
        partner = db.session.scalars(select(User).where(User.email == email)).one()
        answer = db.session.scalars(
            select(ExerciseAnswer).where(ExerciseAnswer.exercise_id == step.exercise.id)
        ).one()
        assert (answer.user_id, answer.course_slug) == (partner.id, course.slug)
        assert answer.answer["why"] == "Sunita should choose, knowing it all."
