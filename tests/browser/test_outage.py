"""A database outage in a real browser: the page says saving failed and will be retried, the
text stays, and it is saved once the database is back, without a reload."""

import threading

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.serving import make_server

from app.exercises.models import ExerciseAnswer
from app.extensions import db
from tests.browser.conftest import sign_in
from tests.exercises.helpers import find
from tests.outage import Outage


@pytest.fixture
def outage(app):
    outage = Outage(app)
    server = make_server("127.0.0.1", 0, outage.node, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    outage.base = f"http://127.0.0.1:{server.server_port}"
    yield outage
    server.shutdown()
    thread.join(timeout=5)
    outage.close()


@pytest.fixture
def tab(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("dialog", lambda dialog: dialog.accept())
    yield page
    context.close()


def test_autosave_and_answers_say_they_will_retry_and_are_saved_when_it_is_back(
    app, outage, tab, catalog, create_participant, cohort
):
    participant = create_participant(cohort, phase="post")
    sign_in(tab, outage.base, participant.email)

    tab.goto(f"{outage.base}/journal/new?fresh=1")
    body = tab.get_by_label("Your entry")
    body.fill("Before the outage.")
    status = tab.locator("#draft-status")
    expect(status).to_contain_text("Saved")
    outage.cut()
    body.fill("Before the outage. Typed while the database was away.")
    expect(status).to_contain_text("Could not save — retrying")
    outage.restore()
    expect(status).to_contain_text("Saved", timeout=20_000)

    course, module, step, reflection = find(catalog, "reflection")
    tab.goto(f"{outage.base}/courses/{course.slug}/{module.slug}/{step.id}")
    tab.evaluate("window.bruMarker = 'same page'")
    answer = tab.get_by_label(reflection["prompt"].strip())
    answer.fill("Sent while the database was away.")
    outage.cut()
    tab.get_by_role("button", name="Send answer").click()
    expect(tab.get_by_text("Could not send your answer — retrying")).to_be_visible()
    expect(answer).to_have_value("Sent while the database was away.")
    outage.restore()
    expect(tab.locator(".exercise")).to_contain_text(
        "Sent while the database was away.", timeout=20_000
    )
    expect(tab.get_by_role("button", name="Send answer")).to_have_count(0)
    assert tab.evaluate("window.bruMarker") == "same page"
    with app.app_context():
        [stored] = db.session.scalars(select(ExerciseAnswer.answer)).all()
    assert stored["text"] == "Sent while the database was away."
