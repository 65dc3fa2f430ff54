"""Single and multiple choice, ordering and matching: graded on the server only."""

import pytest
from sqlalchemy import func, select

from app.exercises.models import ExerciseAnswer
from app.extensions import db
from app.learning.models import StepCompletion
from tests.conftest import sign_in_as
from tests.exercises.helpers import correct_form, find, url, wrong_form

GRADED = ["single_choice", "multiple_choice", "ordering", "matching"]


@pytest.fixture
def learner(client, create_participant, cohort):
    user = create_participant(cohort, phase="post")  # every course open
    sign_in_as(client, user)
    return user


def answers(app, user) -> list[ExerciseAnswer]:
    with app.app_context():
        rows = db.session.scalars(
            select(ExerciseAnswer)
            .where(ExerciseAnswer.user_id == user.id)
            .order_by(ExerciseAnswer.id)
        ).all()
        for row in rows:
            db.session.expunge(row)
        return list(rows)


def step_done(app, user, step_id) -> bool:
    with app.app_context():
        return bool(
            db.session.scalar(
                select(func.count(StepCompletion.id)).where(
                    StepCompletion.user_id == user.id, StepCompletion.step_id == step_id
                )
            )
        )


@pytest.mark.parametrize("kind", GRADED)
def test_a_correct_answer_is_stored_graded_and_completes_the_step(
    app, client, learner, catalog, kind
):
    course, module, step, exercise = find(catalog, kind)
    response = client.post(url(course, module, step), data=correct_form(exercise))
    assert response.status_code == 200
    assert "Correct." in response.text
    [stored] = answers(app, learner)
    assert (stored.exercise_id, stored.is_correct, stored.cohort_id is not None) == (
        exercise.id,
        True,
        True,
    )
    assert step_done(app, learner, step.id)


@pytest.mark.parametrize("kind", GRADED)
def test_a_wrong_answer_is_stored_as_wrong_with_feedback(app, client, learner, catalog, kind):
    course, module, step, exercise = find(catalog, kind)
    response = client.post(url(course, module, step), data=wrong_form(exercise))
    assert response.status_code == 200
    assert "Not quite." in response.text
    [stored] = answers(app, learner)
    assert stored.is_correct is False


@pytest.mark.parametrize("kind", GRADED)
def test_the_correct_answer_is_not_in_the_page_before_answering(client, learner, catalog, kind):
    course, module, step, exercise = find(catalog, kind)
    page = client.get(f"/courses/{course.slug}/{module.slug}/{step.id}").text
    if kind in ("single_choice", "multiple_choice"):
        for option in exercise["options"]:
            if option.get("feedback"):
                assert option["feedback"] not in page
    if exercise.get("explanation"):
        assert exercise["explanation"].split("\n")[0][:60] not in page
    assert "correct" not in page.lower().replace("incorrect", "")


def test_a_step_that_requires_a_correct_answer_stays_open_after_a_wrong_one(
    app, client, learner, catalog
):
    course, module, step, exercise = find(catalog, "multiple_choice", complete_when="correct")
    client.post(url(course, module, step), data=wrong_form(exercise))
    assert not step_done(app, learner, step.id)
    client.post(url(course, module, step), data=correct_form(exercise))
    assert step_done(app, learner, step.id)
    assert [a.is_correct for a in answers(app, learner)] == [False, True]


def test_a_retry_is_refused_when_the_content_does_not_allow_it(app, client, learner, catalog):
    from app.content.model import Exercise

    course, module, step, exercise = find(catalog, "single_choice")
    locked = Exercise(
        exercise.id, exercise.kind, {**exercise.definition, "retry": False}, exercise.line
    )
    original = step.exercise
    object.__setattr__(step, "exercise", locked)
    try:
        assert client.post(url(course, module, step), data=wrong_form(exercise)).status_code == 200
        again = client.post(url(course, module, step), data=correct_form(exercise))
        assert again.status_code == 409
        assert "already answered" in again.text
    finally:
        object.__setattr__(step, "exercise", original)
    assert len(answers(app, learner)) == 1


@pytest.mark.parametrize(
    "form",
    [
        {"choice": "99"},
        {"choice": "-1"},
        {"choice": "a"},
        {"choice": ""},
        {},
    ],
)
def test_a_tampered_choice_is_a_400_and_nothing_is_stored(app, client, learner, catalog, form):
    course, module, step, _exercise = find(catalog, "single_choice")
    response = client.post(url(course, module, step), data=form)
    assert response.status_code == 400
    assert "not one of the options" in response.text
    assert answers(app, learner) == []


def test_an_ordering_that_uses_a_place_twice_is_refused(app, client, learner, catalog):
    course, module, step, exercise = find(catalog, "ordering")
    form = {f"position-{i}": "1" for i in range(len(exercise["items"]))}
    response = client.post(url(course, module, step), data=form)
    assert response.status_code == 400 and "Use each place in the order once." in response.text
    assert answers(app, learner) == []


def test_answering_a_step_without_an_exercise_is_a_400(app, client, learner, catalog):
    course = catalog.course("preparatory")
    module = course.modules[0]
    reading = next(s for s in module.source.steps if s.exercise is None)
    response = client.post(url(course, module, reading), data={"choice": "0"})
    assert response.status_code == 400
    assert "no exercise" in response.text
    assert answers(app, learner) == []


def test_answering_in_a_course_the_participant_is_not_enrolled_in_is_a_404(
    app, client, create_participant, create_cohort, catalog
):
    only_pre = create_cohort(courses=["preparatory"])
    outsider = create_participant(only_pre, phase="post")
    sign_in_as(client, outsider)
    course, module, step, exercise = find(catalog, "matching", id="wp-roles")
    response = client.post(url(course, module, step), data=correct_form(exercise))
    assert response.status_code == 404
    assert answers(app, outsider) == []


def test_htmx_gets_the_feedback_fragment_only(client, learner, catalog):
    course, module, step, exercise = find(catalog, "single_choice")
    response = client.post(
        url(course, module, step), data=correct_form(exercise), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section class="exercise')
    assert "<html" not in response.text


def test_without_javascript_the_whole_page_comes_back_with_the_feedback(client, learner, catalog):
    course, module, step, exercise = find(catalog, "single_choice")
    response = client.post(url(course, module, step), data=correct_form(exercise))
    assert "<html" in response.text and "Correct." in response.text
