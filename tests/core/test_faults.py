"""Faults: a save that fails half-way leaves nothing behind; the app recovers by itself
when the database comes back."""

import pytest
from sqlalchemy import event, func, select

from app.exercises.models import ExerciseAnswer
from app.extensions import db
from app.journal.models import JournalEntry
from tests.conftest import sign_in_as
from tests.exercises.helpers import find, url
from tests.outage import Outage


def test_an_exception_in_the_middle_of_a_save_leaves_no_partial_rows(
    app, catalog, create_participant, cohort
):
    participant = create_participant(cohort, phase="post")
    course, module, step, _reflection = find(catalog, "reflection")

    def fail_on_journal_entry(session, flush_context, instances):
        # The answer is already flushed when the journal entry is written: fail right there.
        if any(isinstance(obj, JournalEntry) for obj in session.new):
            raise RuntimeError("the disk is full")

    client = app.test_client()
    sign_in_as(client, participant)
    with app.app_context():
        event.listen(db.session, "before_flush", fail_on_journal_entry)
    try:
        app.config["PROPAGATE_EXCEPTIONS"] = False
        response = client.post(url(course, module, step), data={"text": "Half a save"})
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
        with app.app_context():
            event.remove(db.session, "before_flush", fail_on_journal_entry)
    assert response.status_code == 500
    with app.app_context():
        assert db.session.scalar(select(func.count(ExerciseAnswer.id))) == 0
        assert db.session.scalar(select(func.count(JournalEntry.id))) == 0


@pytest.fixture
def outage(app):
    outage = Outage(app)
    yield outage
    outage.close()


def test_pages_answer_503_while_the_database_is_away_and_recover_without_a_restart(outage):
    client = outage.node.test_client()
    assert client.get("/healthz").status_code == 200
    outage.cut()
    down = client.get("/healthz")
    assert down.status_code == 503 and down.get_json()["database"] == "unreachable"
    page = client.get("/sign-in?x=1", headers={"Accept-Language": "sw"})
    assert page.status_code in (200, 503)  # the sign-in form itself needs no database
    form = client.post(
        "/sign-in",
        data={"email": "a@example.org", "password": "long enough pw"},
        headers={"Accept-Language": "sw"},
    )
    assert form.status_code == 503 and form.headers["Retry-After"]
    assert '<html lang="sw">' in form.text
    outage.restore()
    assert client.get("/healthz").status_code == 200


def test_signed_in_pages_answers_and_autosaves_get_the_503_page_without_the_database(
    outage, catalog, create_participant, cohort
):
    participant = create_participant(cohort, phase="post", locale="nn")
    client = outage.node.test_client()
    sign_in_as(client, participant)
    assert client.get("/dashboard").status_code == 200
    course, module, step, _reflection = find(catalog, "reflection")
    outage.cut()
    htmx = {"HX-Request": "true"}
    requests = {
        "page": lambda: client.get("/journal"),
        "answer": lambda: client.post(url(course, module, step), data={"text": "Hi"}, headers=htmx),
        "autosave": lambda: client.post(
            "/journal/drafts", data={"draft_key": "outage-key-01", "body": "Typed"}, headers=htmx
        ),
    }
    for name, request in requests.items():
        response = request()
        assert response.status_code == 503, name
        assert int(response.headers["Retry-After"]) > 0, name
        assert "Nothing you have saved is lost" in response.text, name
    page = client.get("/journal")
    assert "Sign out" not in page.text and "Sign in" not in page.text  # no guess who it is
    french = client.get("/journal", headers={"Accept-Language": "fr"})
    assert '<html lang="fr">' in french.text  # the user's saved language needs the database
    outage.restore()
    assert client.get("/dashboard").status_code == 200
