"""Inputs at the edges answer with a clear 4xx, never a 500: odd digits, ids beyond the
database's integer range, files and lists where text is expected, NUL anywhere; and the
500 page itself renders after a failed statement."""

import io

import pytest
from sqlalchemy import event, func, select

from app.accounts.models import Role, User
from app.exercises.models import ExerciseAnswer
from app.extensions import db
from tests.conftest import sign_in_as
from tests.exercises.helpers import find, url

#: Digits Python's isdigit() accepts and int() refuses, a number past int()'s 4,300-digit
#: limit, a Unicode digit int() reads, and near misses.
ODD_NUMBERS = ["²", "9" * 5000, "٣", "\uff13", "1e3", "-1", "0x1", "1_0"]
#: Past PostgreSQL's INTEGER, and past SQLite's 64-bit integer.
HUGE_IDS = [2**31, 2**63, 10**30]


@pytest.fixture
def learner(client, create_participant, cohort):
    user = create_participant(cohort, phase="post")
    sign_in_as(client, user)
    return user


def answer_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(ExerciseAnswer.id)))


@pytest.mark.parametrize("value", ODD_NUMBERS)
@pytest.mark.parametrize(
    "kind, field",
    [
        ("single_choice", "choice"),
        ("multiple_choice", "choice"),
        ("dilemma", "choice"),
        ("ordering", "position-0"),
        ("matching", None),
        ("scale", "value"),
        ("goals", "rating-1"),
    ],
)
def test_odd_numbers_in_an_answer_are_refused_with_a_message(
    app, client, learner, catalog, kind, field, value
):
    match = {"stage": "set"} if kind == "goals" else {}
    course, module, step, exercise = find(catalog, kind, **match)
    if field is None:
        field = f"match-{exercise['pairs'][0]['key']}"
    data = {field: value, "why": "Because.", "goal-1": "Learn Swahili"}
    response = client.post(url(course, module, step), data=data)
    assert response.status_code == 400, response.status_code
    assert 'class="error" role="alert"' in response.text
    assert answer_count(app) == 0


@pytest.mark.parametrize("number", HUGE_IDS)
def test_ids_beyond_the_database_range_in_a_url_are_not_found(
    app, create_user, create_cohort, create_participant, number
):
    facilitator = create_user(Role.FACILITATOR)
    cohort = create_cohort(facilitators=[facilitator])
    create_participant(cohort)
    urls = {
        Role.PARTICIPANT: [
            f"/journal/{number}",
            f"/journal/{number}.md",
            f"/journal/{number}/edit",
        ],
        Role.FACILITATOR: [
            f"/cohorts/{number}",
            f"/cohorts/{cohort.id}/participants/{number}",
            f"/journal/people/{number}",
        ],
        Role.ADMIN: [
            f"/admin/users/{number}",
            f"/admin/organisations/{number}",
            f"/journal/admin/people/{number}",
        ],
        Role.SAFEGUARDING: [f"/safeguarding/reports/{number}"],
    }
    for role, paths in urls.items():
        client = app.test_client()
        sign_in_as(client, create_user(role))
        for path in paths:
            assert client.get(path).status_code == 404, path


@pytest.mark.parametrize("number", HUGE_IDS)
def test_ids_beyond_the_database_range_in_a_form_or_query_are_clear_errors(
    app, client, learner, create_user, create_cohort, number
):
    draft = client.post(
        "/journal/drafts",
        data={"draft_key": "draft-key-0001", "entry_id": str(number), "body": "x"},
        headers={"HX-Request": "true"},
    )
    assert draft.status_code in (404, 422)
    versioned = client.post(
        "/journal/drafts",
        data={"draft_key": "draft-key-0002", "version": str(number), "body": "x"},
        headers={"HX-Request": "true"},
    )
    assert versioned.status_code in (200, 422)
    facilitator = create_user(Role.FACILITATOR)
    cohort = create_cohort(facilitators=[facilitator])
    staff = app.test_client()
    sign_in_as(staff, facilitator)
    assert staff.get(f"/cohorts/{cohort.id}?organisation={number}").status_code == 200
    assert staff.get(f"/cohorts/{cohort.id}/export.csv?organisation={number}").status_code == 200


def test_a_file_sent_where_text_is_expected_is_not_taken_as_text(app, client, learner):
    # The profile keeps the name it has: the file is no name.
    response = client.post(
        "/profile",
        data={"name": (io.BytesIO(b"Zawadi"), "name.txt"), "locale": "en", "timezone": "UTC"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, learner.id).name == learner.name
    journal = client.post(
        "/journal/new",
        data={
            "draft_key": "draft-key-0001",
            "body": (io.BytesIO(b"words"), "body.md"),
            "audience": "private",
        },
        content_type="multipart/form-data",
    )
    assert journal.status_code == 400
    course, module, step, _exercise = find(catalog_of(app), "reflection")
    answer = client.post(
        url(course, module, step),
        data={"text": (io.BytesIO(b"a reflection"), "text.txt")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 400
    assert answer_count(app) == 0


def catalog_of(app):
    return app.extensions["bru_catalog"]


def test_repeated_fields_and_a_nul_in_any_value_or_the_path_are_clear(
    app, client, learner, catalog
):
    course, module, step, _exercise = find(catalog, "single_choice")
    # A list where one value is expected: the first one counts, the rest are ignored.
    repeated = client.post(url(course, module, step), data={"choice": ["0", "1", "x"]})
    assert repeated.status_code == 200
    hidden_nul = client.post(
        "/profile",
        data=b"name=Ok&name=A%00B&locale=en&timezone=UTC",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert hidden_nul.status_code == 400
    assert client.get("/journal/new?draft=abc&draft=%00").status_code == 400
    assert client.post("/journal/drafts/abc%00defgh/discard").status_code == 400
    with app.app_context():
        assert db.session.get(User, learner.id).name == learner.name


def test_the_500_page_renders_after_a_failed_statement(app, client, learner, catalog):
    course, module, step, _exercise = find(catalog, "reflection")

    def fail(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("INSERT INTO journal_entries"):
            raise RuntimeError("the disk is full")

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", fail)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = client.post(url(course, module, step), data={"text": "Half a save"})
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
        event.remove(engine, "before_cursor_execute", fail)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert '<html lang="en">' in response.text
    assert answer_count(app) == 0
