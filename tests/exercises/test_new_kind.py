"""A new exercise kind takes one folder and one registry line, and nothing in app/: it is
walked through a step, its feedback and cohort summary, the facilitator's pages and the demo."""

import random
from pathlib import Path

import pytest

from app.accounts.models import Role
from app.exercises.kinds import EXERCISE_KINDS, register_kind, unregister_kind
from app.exercises.models import ExerciseAnswer
from tests.conftest import all_rows, sign_in_as
from tests.exercises.poll_kind import Poll

COURSES = Path(__file__).parent / "poll_courses"
STEP = "/courses/poll-course/poll/pick"


@pytest.fixture
def poll_app(serve_courses):
    register_kind(Poll())  # the one registry line
    served = serve_courses(COURSES)
    served.config["COHORT_MIN_RESPONDENTS"] = 2
    yield served
    unregister_kind("poll")


def test_a_kind_defined_in_tests_is_walked_through_step_feedback_summary_and_follow_up(
    app, poll_app, create_user, create_cohort, create_participant
):
    facilitator = create_user(Role.FACILITATOR)
    cohort = create_cohort(courses=["poll-course"], facilitators=[facilitator])
    people = [create_participant(cohort) for _ in range(2)]
    kind = EXERCISE_KINDS["poll"]
    exercise = poll_app.extensions["bru_catalog"].module("poll-course", "poll").exercise("pick")
    rainy = next(s.position for s in kind.shown(exercise.definition) if s.key == "rainy")

    for person in people:
        client = poll_app.test_client()
        sign_in_as(client, person)
        page = client.get(STEP)
        assert "Which season do you like best?" in page.text and 'name="choice"' in page.text
        refused = client.post(STEP + "/answer", data={})
        assert refused.status_code == 400 and "Pick one." in refused.text
        answered = client.post(STEP + "/answer", data={"choice": str(rainy)})
        assert answered.status_code == 200
        assert "You picked: The rainy season" in answered.text
    assert "2 people have answered." in answered.text  # the kind's own cohort summary
    assert [a.kind for a in all_rows(app, ExerciseAnswer)] == ["poll", "poll"]

    staff = poll_app.test_client()
    sign_in_as(staff, facilitator)
    detail = staff.get(f"/cohorts/{cohort.id}/participants/{people[0].id}")
    assert "Which season do you like best?" in detail.text
    assert "The rainy season" in detail.text  # the answer in words, from the kind
    assert staff.get(f"/cohorts/{cohort.id}").status_code == 200


def test_a_new_kind_gives_demo_answers_of_its_own_shape(poll_app):
    exercise = poll_app.extensions["bru_catalog"].module("poll-course", "poll").exercise("pick")
    answer = EXERCISE_KINDS["poll"].demo_answer(exercise.definition, random.Random(1), {})
    assert answer["choice"] in {"dry", "rainy"}


def test_an_unregistered_kind_is_refused_by_the_course_check(tmp_path, app):
    from app.content import ContentError, load_catalog

    with pytest.raises(ContentError) as error:
        load_catalog(COURSES, app.config["LANGUAGES"], EXERCISE_KINDS)
    assert "unknown exercise kind 'poll'" in str(error.value)
