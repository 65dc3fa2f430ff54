"""Parallel requests from one person (double clicks, several tabs, a retrying phone) against a
real threaded server: each one is stored, or refused with a 503 its page retries; never a 500."""

import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from app.exercises.models import ExerciseAnswer
from app.extensions import db
from app.journal.models import JournalDraft, JournalEntry
from app.learning.models import ModuleVisit, StepCompletion
from tests.conftest import sign_in_as
from tests.exercises.helpers import find, url

PARALLEL = 20


class KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 302 itself is the answer


OPENER = urllib.request.build_opener(KeepRedirects)


@pytest.fixture
def server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def session_cookie(app, create_participant, cohort):
    participant = create_participant(cohort, phase="post")
    client = app.test_client()
    sign_in_as(client, participant)
    client.get("/dashboard")
    return participant, client.get_cookie("session").value


def all_at_once(server, cookie, path, forms, method="POST"):
    """Send every form to `path` at the same moment; return the status codes."""
    start = threading.Barrier(len(forms))

    def send(form):
        data = urllib.parse.urlencode(form).encode() if method == "POST" else None
        request = urllib.request.Request(
            server + path,
            data=data,
            method=method,
            headers={"Cookie": f"session={cookie}", "HX-Request": "true"},
        )
        start.wait()
        try:
            with OPENER.open(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    with ThreadPoolExecutor(max_workers=len(forms)) as pool:
        return list(pool.map(send, forms))


def rows(app, model, *where):
    with app.app_context():
        found = db.session.scalars(select(model).where(*where)).all()
        for row in found:
            db.session.expunge(row)
        return found


def test_parallel_first_answers_to_one_reflection_are_each_stored_or_refused(
    app, server, catalog, session_cookie
):
    participant, cookie = session_cookie
    course, module, step, _exercise = find(catalog, "reflection")
    forms = [{"text": f"Answer number {n}"} for n in range(PARALLEL)]
    statuses = all_at_once(server, cookie, url(course, module, step), forms)
    assert set(statuses) <= {200, 503}, statuses
    answers = {a.answer["text"] for a in rows(app, ExerciseAnswer)}
    stored = {form["text"] for form, status in zip(forms, statuses, strict=True) if status == 200}
    assert stored <= answers  # every answer that was acknowledged is there
    [entry] = rows(app, JournalEntry, JournalEntry.author_id == participant.id)
    assert entry.body in answers
    assert len(rows(app, StepCompletion)) == 1


def test_parallel_autosaves_with_a_new_draft_key_leave_one_draft(app, server, session_cookie):
    participant, cookie = session_cookie
    forms = [{"draft_key": "brand-new-key-01", "body": f"Typed {n}"} for n in range(PARALLEL)]
    statuses = all_at_once(server, cookie, "/journal/drafts", forms)
    assert set(statuses) <= {200, 503}, statuses
    [draft] = rows(app, JournalDraft, JournalDraft.author_id == participant.id)
    assert draft.body in {form["body"] for form in forms}


def test_parallel_first_visits_and_done_marks_of_a_step_give_no_error(
    app, server, catalog, session_cookie
):
    _participant, cookie = session_cookie
    course = catalog.course("preparatory")
    module = course.modules[0]
    reading = next(s for s in module.step_ids if module.exercise(s) is None)
    step_path = f"/courses/{course.slug}/{module.slug}/{reading}"
    visits = all_at_once(server, cookie, step_path, [{}] * PARALLEL, method="GET")
    assert set(visits) == {200}, visits
    done = all_at_once(server, cookie, step_path + "/done", [{}] * PARALLEL)
    assert set(done) == {204}, done  # sent by htmx: the next step comes as HX-Redirect
    assert len(rows(app, ModuleVisit)) == 1
    assert len(rows(app, StepCompletion)) == 1
