"""A facilitator follows a cohort in a real browser, on a 1366 x 768 desktop and a 360 x 640
phone: who is behind by their own pace, the cohort matrix readable at both sizes, one
participant's answers by question, reminders previewed in each recipient's language, and the
per-organisation chart; axe-core on every page."""

import pytest
from flask_babel import force_locale, gettext
from playwright.sync_api import expect

from app.accounts.models import Role
from app.extensions import db
from app.organisations.models import Cohort, Region
from app.organisations.services import cohort_facilitator_add
from tests.browser.a11y import audit
from tests.browser.conftest import sign_in
from tests.conftest import sign_in_as
from tests.exercises.helpers import correct_form, find, url
from tests.follow_up.test_pace import seven_months_in

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 360, "height": 640}
NOTE = "Ring meg om du treng hjelp."


@pytest.fixture
def cohort_to_follow(app, create_user, create_cohort, create_organisation, create_participant):
    """A facilitator's cohort: two participants seven months in and still on module 1 of the
    mid-exchange course (one reads Swahili, one Nynorsk), and one on track, with the long
    names organisations really have."""
    lead = create_user(Role.FACILITATOR, name="Fatima Facilitator")
    cohort = create_cohort(name="Spring 2027", facilitators=[lead])
    slow = [
        seven_months_in(app, create_user, create_organisation, cohort, name, locale=locale)
        for name, locale in (("Neema Wanjiku Mollel", "sw"), ("Kari Nordmann Haugland", "nn"))
    ]
    home = create_organisation(
        name="Sogn og Fjordane Folkehøgskule og Kultursenter", region=Region.NORWAY, country="NO"
    )
    host = create_organisation(name="Kampala Youth Media and Community Radio Centre")
    fresh = create_participant(
        cohort, phase="pre", home=home, host=host, name="Minh Anh Nguyen", locale="fr"
    )
    return {"lead": lead, "cohort": cohort, "slow": slow, "fresh": fresh}


def open_as(open_browser, live_server, person, viewport):
    page = open_browser(viewport=viewport)
    sign_in(page, live_server, person.email)
    return page


def fits_the_screen(page, viewport) -> None:
    """No sideways scrolling of the page itself."""
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_on_a_desktop_the_matrix_fits_folds_its_phases_and_flags_who_is_behind(
    open_browser, live_server, cohort_to_follow
):
    lead, cohort, slow = (cohort_to_follow[k] for k in ("lead", "cohort", "slow"))
    page = open_as(open_browser, live_server, lead, DESKTOP)
    page.goto(f"{live_server}/cohorts/{cohort.id}")
    phases = page.locator("details.phase-matrix")
    expect(phases).to_have_count(3)
    # Folded: only the phase most of the cohort is in is open (no JavaScript needed).
    assert [d.evaluate("d => d.open") for d in phases.all()] == [False, True, False]
    during = phases.nth(1)
    expect(during.locator("summary")).to_contain_text("2 behind schedule")
    for person in slow:
        row = during.get_by_role("row").filter(has_text=person.name)
        # A compact cell per module, named for screen readers: module 1 is overdue.
        expect(row.get_by_role("cell", name="Overdue")).to_have_count(1)
        expect(row.get_by_role("cell", name="Not started")).to_have_count(4)
    audit(page, "desktop, one phase open")
    for summary in phases.locator("summary").all():
        if not summary.evaluate("s => s.parentElement.open"):
            summary.click()
    fits_the_screen(page, DESKTOP)
    for region in page.locator("details.phase-matrix .table-scroll").all():
        # Every module column is on screen: nothing to scroll to, nothing cut off.
        assert region.evaluate("el => el.scrollWidth <= el.clientWidth")
    # Names and organisations stay on one line each, however long.
    for header in page.locator("tbody th.who").all():
        assert header.bounding_box()["height"] < 3 * 22
    audit(page, "desktop, every phase open")


def test_on_a_phone_the_matrix_keeps_the_names_in_view_and_numbers_the_modules(
    open_browser, live_server, cohort_to_follow
):
    lead, cohort = cohort_to_follow["lead"], cohort_to_follow["cohort"]
    page = open_as(open_browser, live_server, lead, PHONE)
    page.goto(f"{live_server}/cohorts/{cohort.id}?phase=pre")
    fits_the_screen(page, PHONE)
    prep = page.locator("details.phase-matrix")
    expect(prep).to_have_count(1)
    # The key names the numbered columns.
    expect(prep.locator(".module-key li").first).to_be_visible()
    expect(prep.locator("thead .module-number").first).to_have_text("1")
    name = prep.locator("tbody th.who").first
    expect(name).to_be_visible()
    before = name.bounding_box()
    region = prep.locator(".table-scroll")
    region.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    after = name.bounding_box()
    # Scrolled sideways to the last module, the name column has stayed where it was.
    assert abs(after["x"] - before["x"]) < 1
    assert before["height"] < 3 * 22
    audit(page, "phone")


def test_the_participant_page_lists_answers_by_their_question_by_module(
    app, open_browser, live_server, catalog, cohort_to_follow, create_user
):
    cohort, person = cohort_to_follow["cohort"], cohort_to_follow["fresh"]
    course, module, step, exercise = find(catalog, "single_choice")
    client = app.test_client()
    sign_in_as(client, person)
    assert client.post(url(course, module, step), data=correct_form(exercise)).status_code < 400
    # A facilitator who reads Bru in French reads the question in French.
    french = create_user(Role.FACILITATOR, name="Fanny Animatrice", locale="fr")
    with app.app_context():
        cohort_facilitator_add(
            cohort=db.session.get(Cohort, cohort.id), facilitator=french, by=french
        )
        db.session.commit()
    shown, language = module.exercise_in(step.id, "fr")
    assert language == "fr"
    for viewport in (DESKTOP, PHONE):
        page = open_as(open_browser, live_server, french, viewport)
        page.goto(f"{live_server}/cohorts/{cohort.id}/participants/{person.id}")
        answers = page.locator("dl.answers").first
        expect(answers.locator("dt").first).to_have_text(" ".join(shown["prompt"].split()))
        expect(page.get_by_role("heading", level=3, name=course.title("fr"))).to_be_visible()
        expect(
            page.get_by_role("heading", level=4, name=module.localized("fr").title)
        ).to_be_visible()
        expect(page.locator("main")).not_to_contain_text(exercise.id)
        fits_the_screen(page, viewport)
        audit(page, "participant page, " + ("phone" if viewport is PHONE else "desktop"))


def test_reminders_select_who_is_behind_show_their_languages_and_preview_each_language(
    app, open_browser, live_server, cohort_to_follow
):
    lead, cohort, slow = (cohort_to_follow[k] for k in ("lead", "cohort", "slow"))
    for viewport in (DESKTOP, PHONE):
        page = open_as(open_browser, live_server, lead, viewport)
        page.goto(f"{live_server}/cohorts/{cohort.id}/reminders")
        page.get_by_role("button", name="Select all 2 participants behind schedule").click()
        for person, language in zip(slow, ("Swahili", "Norwegian Nynorsk"), strict=True):
            box = page.get_by_role("checkbox", name=person.name)
            expect(box).to_be_checked()
            expect(page.locator("label", has=box)).to_contain_text(language)
        expect(page.get_by_role("checkbox", name="Minh Anh Nguyen")).not_to_be_checked()
        expect(page.locator("main")).to_contain_text("Your note is not translated")
        page.get_by_label("A personal note").fill(NOTE)
        page.get_by_role("button", name="Preview the emails").click()
        expect(page.get_by_role("heading", name="The email in 2 languages")).to_be_visible()
        with app.test_request_context():
            for language in ("sw", "nn"):
                with force_locale(language):
                    subject = gettext("You are behind in your training")
                preview = page.locator(f'section.email-preview[lang="{language}"]')
                expect(preview).to_contain_text(subject)
                # The note is in every language's email exactly as it was written.
                expect(preview).to_contain_text(NOTE)
        # Typed and chosen things are kept after the preview.
        expect(page.get_by_label("A personal note")).to_have_value(NOTE)
        fits_the_screen(page, viewport)
        audit(page, "reminders preview, " + ("phone" if viewport is PHONE else "desktop"))
    page.get_by_role("button", name="Send reminders").click()
    expect(page.locator(".flash")).to_contain_text("2 reminders queued.")


def test_the_per_organisation_chart_shows_100_percent_whole_and_its_figures_once(
    open_browser, live_server, cohort_to_follow
):
    lead, cohort = cohort_to_follow["lead"], cohort_to_follow["cohort"]
    for viewport in (DESKTOP, PHONE):
        page = open_as(open_browser, live_server, lead, viewport)
        page.goto(f"{live_server}/cohorts/{cohort.id}/organisations")
        full = page.locator(".bars.chart .bar-value", has_text="100")
        expect(full.first).to_be_visible()
        for value in full.all():
            # The whole figure shows, inside the screen and not cut by its box.
            assert value.inner_text().replace("\xa0", " ") == "100 %"
            assert value.evaluate("el => el.scrollWidth <= el.clientWidth")
            box = value.bounding_box()
            assert box["x"] + box["width"] <= viewport["width"]
        # One table for every organisation, folded under the charts.
        expect(page.locator("table")).to_have_count(1)
        expect(page.locator("details.all-figures table")).to_be_hidden()
        page.get_by_text("All organisations in one table").click()
        expect(page.locator("details.all-figures table")).to_be_visible()
        fits_the_screen(page, viewport)
        audit(page, "by organisation, " + ("phone" if viewport is PHONE else "desktop"))
