"""The journal in a real browser: autosave survives a reload, sharing, and feedback."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.accounts.models import Role
from app.extensions import db
from app.journal.models import JournalDraft
from tests.browser.conftest import sign_in

BODY = "The first week was *hard*, and the colleagues were patient with my questions."


def test_an_entry_survives_a_reload_is_shared_and_gets_feedback(
    page, browser, live_server, create_user, create_cohort, create_participant
):
    facilitator = create_user(Role.FACILITATOR, name="Fatima Facilitator")
    cohort = create_cohort(facilitators=[facilitator])
    participant = create_participant(cohort, phase="mid")

    sign_in(page, live_server, participant.email)
    page.get_by_role("link", name="Journal").click()
    page.get_by_role("link", name="Write a new entry").click()
    page.get_by_label("Title (optional)").fill("First week")
    page.get_by_label("Your entry").fill(BODY)
    # The autosave fires after a pause in typing; the status line says so.
    expect(page.locator("#draft-status")).to_contain_text("Saved")

    page.reload()  # before saving the entry: the text comes back from the server draft
    expect(page.get_by_label("Title (optional)")).to_have_value("First week")
    expect(page.get_by_label("Your entry")).to_have_value(BODY)
    expect(page.get_by_text("Your unsaved draft from")).to_be_visible()

    page.get_by_label("Me and my facilitators").check()
    page.get_by_role("button", name="Save entry").click()
    page.wait_for_url(re.compile(r"/journal/\d+$"))
    entry_url = page.url
    expect(
        page.get_by_text("You and the facilitators of your cohort can read this entry.")
    ).to_be_visible()
    expect(page.locator(".journal-body em")).to_have_text("hard")

    # The facilitator, in a browser of their own, reads the entry and comments.
    context = browser.new_context()
    other = context.new_page()
    other.set_default_timeout(10_000)
    sign_in(other, live_server, facilitator.email)
    other.goto(entry_url)
    expect(other.get_by_role("heading", name="First week")).to_be_visible()
    other.get_by_label("Your feedback").fill("Patience is a skill you are learning. Well noted.")
    other.evaluate("window.bruMarker = 'same page'")
    other.get_by_role("button", name="Send feedback").click()
    expect(other.locator(".comment-body")).to_have_text(
        "Patience is a skill you are learning. Well noted."
    )
    assert other.evaluate("window.bruMarker") == "same page"  # swapped in by htmx
    context.close()

    # The participant is told on the dashboard and reads the comment on the entry.
    page.goto(f"{live_server}/dashboard")
    expect(page.get_by_text("You have new feedback on 1 journal entry.")).to_be_visible()
    page.get_by_role("link", name="Read it").click()
    expect(page.locator(".comment-body")).to_have_text(
        "Patience is a skill you are learning. Well noted."
    )
    expect(page.locator(".comment .badge")).to_have_text("New")


def test_text_typed_offline_is_kept_and_saved_when_back_online(
    page, live_server, create_participant, cohort
):
    participant = create_participant(cohort, phase="mid")
    sign_in(page, live_server, participant.email)
    page.goto(f"{live_server}/journal/new?fresh=1")
    body = page.get_by_label("Your entry")
    body.fill("Written on the bus")
    expect(page.locator("#draft-status")).to_contain_text("Saved")

    page.context.set_offline(True)
    body.fill("Written on the bus, with no network at all")
    expect(page.locator("#draft-status")).to_contain_text("Could not save — retrying")
    [copy] = page.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('bru-journal:new:'))"
        ".map(k => JSON.parse(localStorage.getItem(k)))"
    )
    assert copy["body"] == "Written on the bus, with no network at all"
    assert copy["synced"] is False

    page.context.set_offline(False)
    expect(page.locator("#draft-status")).to_contain_text("Saved", timeout=20_000)
    page.reload()
    expect(page.get_by_label("Your entry")).to_have_value(
        "Written on the bus, with no network at all"
    )


def test_after_signing_out_elsewhere_the_newer_local_copy_is_restored(
    page, live_server, create_participant, cohort
):
    participant = create_participant(cohort, phase="mid")
    page.on("dialog", lambda dialog: dialog.accept())  # "leave the page?" while unsaved
    sign_in(page, live_server, participant.email)
    page.goto(f"{live_server}/journal/new?fresh=1")
    body = page.get_by_label("Your entry")
    body.fill("Before the session ended.")
    expect(page.locator("#draft-status")).to_contain_text("Saved")

    # Signed out in another tab: the session this page holds is gone.
    tab = page.context.new_page()
    tab.goto(f"{live_server}/dashboard")
    tab.get_by_role("button", name="Sign out").click()

    body.fill("Before the session ended. And these words after it.")
    expect(page.locator("#draft-status")).to_contain_text("You are signed out")
    expect(page.locator("#draft-status a")).to_have_text("Sign in")

    sign_in(tab, live_server, participant.email)
    page.goto(f"{live_server}/journal/new")
    expect(page.get_by_label("Your entry")).to_have_value(
        "Before the session ended. And these words after it."
    )
    expect(page.get_by_text("Text typed on this device")).to_be_visible()
    # The restored text goes on to the server as well.
    expect(page.locator("#draft-status")).to_contain_text("Saved")
    page.get_by_role("button", name="Use the text saved on the server instead").click()
    expect(page.get_by_label("Your entry")).to_have_value("Before the session ended.")


@pytest.fixture
def csrf_on(app):
    """CSRF checked as in production (the suite's app runs without it)."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_signed_out_in_another_tab_autosave_says_so_and_goes_on_after_signing_in_again(
    app, csrf_on, page, live_server, create_participant, cohort
):
    participant = create_participant(cohort, phase="mid")
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, live_server, participant.email)
    page.goto(f"{live_server}/journal/new?fresh=1")
    body = page.get_by_label("Your entry")
    status = page.locator("#draft-status")
    body.fill("Written before.")
    expect(status).to_contain_text("Saved")

    tab = page.context.new_page()
    tab.goto(f"{live_server}/dashboard")
    tab.get_by_role("button", name="Sign out").click()

    body.fill("Written before. And after signing out.")
    expect(status).to_contain_text("You are signed out")
    expect(status.get_by_role("link", name="Sign in")).to_be_visible()
    expect(status).not_to_contain_text("Something in the request")  # no error page in it
    copy = page.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('bru-journal:'))"
        ".map(k => JSON.parse(localStorage.getItem(k)))"
    )
    assert any(c["body"] == "Written before. And after signing out." for c in copy)

    sign_in(tab, live_server, participant.email)
    page.bring_to_front()  # back to the editor: no reload
    body.fill("Written before. And after signing out. And after signing in again.")
    expect(status).to_contain_text("Saved", timeout=20_000)
    with app.app_context():
        [draft] = db.session.scalars(select(JournalDraft)).all()
    assert draft.body == "Written before. And after signing out. And after signing in again."


def test_a_hanging_autosave_shows_saving_until_it_is_saved(
    page, live_server, create_participant, cohort
):
    participant = create_participant(cohort, phase="mid")
    sign_in(page, live_server, participant.email)
    page.goto(f"{live_server}/journal/new?fresh=1")
    body = page.get_by_label("Your entry")
    status = page.locator("#draft-status")
    body.fill("First words.")
    expect(status).to_contain_text("Saved")

    held = []
    page.route("**/journal/drafts", lambda route: held.append(route))
    body.fill("First words. Then more, on a connection that hangs.")
    expect(status).to_contain_text("Saving…")
    expect(status).not_to_contain_text("Saved")
    page.wait_for_timeout(500)
    assert held, "the autosave was sent"
    for route in held:
        route.continue_()
    page.unroute("**/journal/drafts")
    expect(status).to_contain_text("Saved", timeout=20_000)


def test_two_tabs_on_one_entry_never_lose_the_words_either_showed_as_saved(
    app, page, live_server, create_participant, cohort
):
    from app.journal.models import JournalEntry
    from app.journal.services import journal_entry_create

    participant = create_participant(cohort, phase="mid")
    with app.app_context():
        from app.accounts.models import User

        author = db.session.get(User, participant.id)
        entry = journal_entry_create(author=author, title="Market day", body="Saved once.")
        db.session.commit()
        entry_id = entry.id
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, live_server, participant.email)
    edit_url = f"{live_server}/journal/{entry_id}/edit"

    tab_a = page
    tab_a.goto(edit_url)
    body_a = tab_a.get_by_label("Your entry")
    body_a.fill("Saved once. Words from tab A.")
    expect(tab_a.locator("#draft-status")).to_contain_text("Saved")

    tab_b = page.context.new_page()
    tab_b.on("dialog", lambda dialog: dialog.accept())
    tab_b.goto(edit_url)  # opens on tab A's draft
    body_b = tab_b.get_by_label("Your entry")
    expect(body_b).to_have_value("Saved once. Words from tab A.")

    # Tab A goes on; then tab B, which has not seen that, types too.
    tab_a.bring_to_front()
    body_a.fill("Saved once. Words from tab A. More from tab A.")
    expect(tab_a.locator("#draft-status")).to_contain_text("Saved")
    tab_b.bring_to_front()
    body_b.fill("Saved once. Tab B writes this instead.")
    status_b = tab_b.locator("#draft-status")
    # Generous waits: on a loaded machine the autosave round trips take a while.
    expect(status_b).to_contain_text("Saved", timeout=15_000)
    expect(status_b).to_contain_text("open in another window too", timeout=15_000)

    # Tab B saves the entry: tab A's words stay, as a text to compare with, on the server.
    tab_b.get_by_role("button", name="Save entry").click()
    tab_b.wait_for_url(re.compile(rf"/journal/{entry_id}$"))
    expect(tab_b.get_by_text("Compare and choose")).to_be_visible()
    with app.app_context():
        saved = db.session.get(JournalEntry, entry_id)
        drafts = db.session.scalars(select(JournalDraft)).all()
        assert saved.body == "Saved once. Tab B writes this instead."
        assert [(d.body, d.is_conflict) for d in drafts] == [
            ("Saved once. Words from tab A. More from tab A.", True)
        ]
    # And in tab A's browser storage too; tab A is told when it goes on.
    tab_a.bring_to_front()
    copies = tab_a.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('bru-journal:'))"
        ".map(k => JSON.parse(localStorage.getItem(k)).body)"
    )
    assert "Saved once. Words from tab A. More from tab A." in copies
    body_a.fill("Saved once. Words from tab A. More from tab A. And more.")
    expect(tab_a.locator("#draft-status")).to_contain_text("changed in another window")
    tab_a.get_by_role("button", name="Save entry").click()
    expect(tab_a.get_by_text("This entry was changed in another window")).to_be_visible()
    expect(tab_a.locator(".conflict-saved")).to_contain_text("Tab B writes this instead.")
    expect(tab_a.get_by_label("Your entry")).to_have_value(
        "Saved once. Words from tab A. More from tab A. And more."
    )
