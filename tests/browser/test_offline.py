"""Offline for real: a participant keeps a course, the network is cut (and shown to be cut:
the server's own log gets nothing, a fetch fails), reads it step by step, answers and writes,
and back online finds each write saved once; a conflict keeps both texts; signing out leaves
nothing behind."""

import re
import threading
import time

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.serving import make_server

from app.exercises.models import ExerciseAnswer
from app.extensions import db
from app.journal.models import JournalDraft, JournalEntry
from app.journal.services import journal_entry_create
from app.learning.models import StepCompletion
from tests.browser.conftest import sign_in

COURSE = "preparatory"
MODULE = "being-a-participant"
STEPS = f"/courses/{COURSE}/{MODULE}"


class LoggedServer:
    """Bru on 127.0.0.1, with a log of every request that reached it."""

    def __init__(self, app):
        self.requests: list[str] = []

        def logged(environ, start_response):
            self.requests.append(f"{environ['REQUEST_METHOD']} {environ['PATH_INFO']}")
            return app(environ, start_response)

        self.server = make_server("127.0.0.1", 0, logged, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture
def server(app):
    logged = LoggedServer(app)
    yield logged
    logged.stop()


@pytest.fixture
def phone(browser, server):
    """A phone-sized browser of its own, talking to the logged server only."""
    context = browser.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def controlled(page):
    """Wait until the service worker answers for the page."""
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    if not page.evaluate("() => !!navigator.serviceWorker.controller"):
        page.reload()
    assert page.evaluate("() => !!navigator.serviceWorker.controller")


def keep_course(page, base):
    page.goto(f"{base}/courses/{COURSE}")
    controlled(page)
    keep = page.get_by_role("button", name="Keep for offline use")
    expect(page.locator(".offline-keep")).to_contain_text("about")
    keep.click()
    expect(page.locator("[data-keep-status]")).to_have_text(
        "Kept on this phone: it opens without a network.", timeout=30_000
    )


def cut_network(page, server) -> int:
    """Offline for real: returns the log's length, which must not grow while offline."""
    page.context.set_offline(True)
    # A request the browser sent before the cut (the worker's own update check) may still be
    # on its way to the server: let it land before the log is counted.
    time.sleep(0.5)
    seen = len(server.requests)
    reached = page.evaluate(
        "fetch('/health', {cache: 'no-store'}).then(() => 'reached', () => 'failed')"
    )
    assert reached == "failed"
    return seen


def reached_while_offline(server, seen: int) -> list[str]:
    """What reached the server after the cut. The browser's own update check of the worker
    script is left out: Chromium's offline emulation covers pages and their workers' fetches,
    not that check, and it carries nothing of the person's."""
    return [r for r in server.requests[seen:] if r != "GET /sw.js"]


def rows(app, model, **where):
    with app.app_context():
        query = select(model).filter_by(**where)
        return db.session.scalars(query).all()


def test_a_kept_course_reads_offline_and_what_is_written_is_sent_once(
    app, server, phone, create_participant, cohort
):
    user = create_participant(cohort, phase="pre")
    page = phone
    sign_in(page, server.url, user.email)
    keep_course(page, server.url)
    # Keeping is not reading: no step counts as visited.
    assert rows(app, StepCompletion, user_id=user.id) == []

    seen = cut_network(page, server)

    # Read step by step: the first step, then "Next" (marked done later) to an exercise.
    page.goto(f"{server.url}{STEPS}/welcome")
    expect(page.locator("main h2").first).to_be_visible()
    page.locator(".step-nav").get_by_role("button").click()
    page.wait_for_url(f"{server.url}{STEPS}/reciprocity")
    expect(page.locator("#offline-status")).to_have_text("Offline: 1 change waiting")

    # Answer it: kept, no feedback from the phone itself.
    page.locator("form[id^=answer-] input[type=radio]").first.check()
    page.get_by_role("button", name="Send answer").click()
    expect(page.locator("[data-save-status]")).to_contain_text("kept on this phone")
    expect(page.locator(".result")).to_have_count(0)
    expect(page.locator("#offline-status")).to_have_text("Offline: 2 changes waiting")

    # A new journal entry, written offline.
    page.goto(f"{server.url}/journal/new")
    page.get_by_label("Title").fill("Written on the bus")
    page.get_by_label("Entry").fill("No network between Arusha and Moshi.")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("#offline-status")).to_have_text("Offline: 3 changes waiting")

    assert reached_while_offline(server, seen) == [], "requests reached the server while offline"
    assert rows(app, ExerciseAnswer, user_id=user.id) == []

    # Back online: each write is sent, once, and the saved entry is shown.
    page.context.set_offline(False)
    page.wait_for_url(re.compile(r".*/journal/\d+$"), timeout=20_000)
    expect(page.locator("main")).to_contain_text("No network between Arusha and Moshi.")
    answers = rows(app, ExerciseAnswer, user_id=user.id)
    entries = rows(app, JournalEntry, author_id=user.id)
    assert len(answers) == 1 and answers[0].client_id
    assert [e.title for e in entries] == ["Written on the bus"]
    done = {p.step_id for p in rows(app, StepCompletion, user_id=user.id)}
    assert {"welcome", "reciprocity"} <= done

    # Sent again with the same ids (a lost answer, a second tab): nothing new is stored.
    for url, write_id in (
        (f"{STEPS}/reciprocity/answer", answers[0].client_id),
        ("/journal/new", entries[0].client_id),
    ):
        status = page.evaluate(
            """async ([url, id]) => {
                const token = (await (await fetch('/session/csrf-token')).json()).csrf_token;
                const body = new URLSearchParams({csrf_token: token, title: 'Written on the bus',
                    body: 'No network between Arusha and Moshi.', audience: 'private',
                    draft_key: 'replayed-draft-key-0001'});
                body.set('choice', '1');
                const r = await fetch(url, {method: 'POST', body, headers: {'X-Bru-Write-Id': id}});
                return r.status;
            }""",
            [url, write_id],
        )
        assert status == 200
    assert len(rows(app, ExerciseAnswer, user_id=user.id)) == 1
    assert len(rows(app, JournalEntry, author_id=user.id)) == 1


def test_an_entry_edited_offline_and_elsewhere_keeps_both_texts(
    app, server, browser, phone, create_participant, cohort
):
    user = create_participant(cohort, phase="pre")
    with app.app_context():
        entry = journal_entry_create(
            author=db.session.get(type(user), user.id), title="Home", body="Before."
        )
        db.session.commit()
        entry_id = entry.id
    page = phone
    sign_in(page, server.url, user.email)
    page.goto(f"{server.url}/courses/{COURSE}")
    controlled(page)
    page.goto(f"{server.url}/journal/{entry_id}/edit")

    seen = cut_network(page, server)
    page.get_by_label("Entry").fill("Written offline, on the phone.")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("#offline-status")).to_have_text("Offline: 1 change waiting")
    assert reached_while_offline(server, seen) == []

    # Meanwhile, on a computer, the same entry is changed and saved.
    laptop = browser.new_context().new_page()
    sign_in(laptop, server.url, user.email)
    laptop.goto(f"{server.url}/journal/{entry_id}/edit")
    laptop.get_by_label("Entry").fill("Written online, on the laptop.")
    laptop.locator("main form button[type=submit]").first.click()
    laptop.wait_for_url(f"{server.url}/journal/{entry_id}")
    laptop.context.close()

    page.context.set_offline(False)
    expect(page.locator("#offline-status")).to_contain_text("Both texts are kept", timeout=20_000)
    [saved] = rows(app, JournalEntry, id=entry_id)
    assert saved.body == "Written online, on the laptop."
    conflicts = rows(app, JournalDraft, entry_id=entry_id, is_conflict=True)
    assert [d.body for d in conflicts] == ["Written offline, on the phone."]
    page.get_by_role("link", name="Choose which to keep").click()
    expect(page.locator("main")).to_contain_text("Written online, on the laptop.")
    expect(page.get_by_role("textbox", name="Your entry")).to_have_value(
        "Written offline, on the phone."
    )


def test_signing_out_leaves_nothing_of_the_person_on_the_phone(
    app, server, phone, create_participant, cohort
):
    user = create_participant(cohort, phase="pre")
    page = phone
    sign_in(page, server.url, user.email)
    keep_course(page, server.url)
    page.goto(f"{server.url}/journal/new")
    page.get_by_label("Entry").fill("A draft kept in this browser")
    expect(page.locator("#draft-status")).to_contain_text("Saved")
    stored = """async () => ({
        caches: await caches.keys(),
        databases: (await indexedDB.databases()).map(d => d.name),
        local: Object.keys(localStorage).filter(k => k.startsWith('bru-')),
    })"""
    before = page.evaluate(stored)
    assert before["caches"] == [f"bru-course:{COURSE}"]
    assert "bru-offline" in before["databases"] and before["local"]

    page.locator(".menu-button").click()  # on a phone, the menu is folded
    with page.expect_response(re.compile(r".*/sign-out$")) as signed_out:
        page.get_by_role("button", name="Sign out").click()
    assert signed_out.value.all_headers()["clear-site-data"] == '"cache"'
    page.wait_for_url(re.compile(r".*/sign-in"))
    after = page.evaluate(stored)
    assert after == {"caches": [], "databases": [], "local": []}
    # And the course is no longer there offline.
    page.context.set_offline(True)
    with pytest.raises(PlaywrightError):
        page.goto(f"{server.url}{STEPS}/welcome")


def test_chromium_finds_bru_installable(
    server, browser_type, browser_type_launch_args, create_participant, cohort, tmp_path
):
    """What "Add to home screen" needs, as Chromium itself checks it: the manifest, its icons,
    a worker that answers for the page, a secure origin. A profile of its own on disk, as a
    phone's browser has (Chromium installs nothing from an incognito window)."""
    context = browser_type.launch_persistent_context(
        tmp_path / "profile", viewport={"width": 360, "height": 640}, **browser_type_launch_args
    )
    try:
        page = context.pages[0] if context.pages else context.new_page()
        sign_in(page, server.url, create_participant(cohort, phase="pre").email)
        page.goto(f"{server.url}/dashboard")
        controlled(page)
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"].endswith("/manifest.webmanifest") and not manifest["errors"]
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert [e["errorId"] for e in errors] == []
    finally:
        context.close()
