"""Finishing a module: an answer typed on the last step and not sent is sent with "Finish
module", and the course page calls a module finished only when all its steps are done."""

import re

import pytest
from sqlalchemy import select

from app.exercises.models import ExerciseAnswer
from app.extensions import db
from app.journal.models import JournalEntry
from app.learning.models import StepCompletion
from tests.conftest import sign_in_as

COURSE, MODULE = "during-exchange", "monthly-check-ins"
BASE = f"/courses/{COURSE}/{MODULE}"


@pytest.fixture
def learner(app, client, catalog, create_participant, cohort):
    """On the last step (a reflection) with every step before it done."""
    user = create_participant(cohort, phase="post")
    module = catalog.module(COURSE, MODULE)
    with app.app_context():
        for step_id in module.step_ids[:-1]:
            db.session.add(
                StepCompletion(
                    user_id=user.id, course_slug=COURSE, module_slug=MODULE, step_id=step_id
                )
            )
        db.session.commit()
    sign_in_as(client, user)
    return user


def last_step(catalog):
    module = catalog.module(COURSE, MODULE)
    step_id = module.step_ids[-1]
    assert module.exercise(step_id).kind == "reflection"
    return step_id


def rows(app, model):
    with app.app_context():
        return db.session.scalars(select(model)).all()


def test_the_finish_button_sends_the_reflection_typed_on_the_last_step(
    app, client, catalog, learner
):
    step_id = last_step(catalog)
    page = client.get(f"{BASE}/{step_id}").text
    # Without JavaScript too: the button sends the answer's form, to "done".
    button = re.search(r'<button[^>]*formaction="([^"]+)"[^>]*>\s*Finish module', page)
    assert button and button.group(1) == f"{BASE}/{step_id}/done"
    response = client.post(f"{BASE}/{step_id}/done", data={"text": "I expected more rain."})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/courses/{COURSE}?finished={MODULE}"
    [answer] = rows(app, ExerciseAnswer)
    assert answer.answer == {"text": "I expected more rain."}
    [entry] = rows(app, JournalEntry)
    assert entry.body == "I expected more rain."
    course_page = client.get(response.headers["Location"]).text
    assert "Module finished. Well done!" in course_page
    steps = len(catalog.module(COURSE, MODULE).step_ids)
    assert f"{steps} of {steps} steps" in course_page


def test_a_module_with_a_step_left_is_not_called_finished(app, client, catalog, learner):
    step_id = last_step(catalog)
    response = client.post(f"{BASE}/{step_id}/done", data={"text": "   "})
    assert response.status_code == 302
    course_page = client.get(response.headers["Location"]).text
    assert "Module finished" not in course_page
    steps = len(catalog.module(COURSE, MODULE).step_ids)
    assert f"{steps - 1} of {steps} steps" in course_page
    assert f"is not finished yet: {steps - 1} of {steps} steps are done." in course_page
    assert rows(app, ExerciseAnswer) == []


def test_an_answer_that_cannot_be_sent_stops_finishing_and_keeps_the_text(
    app, client, catalog, learner
):
    step_id = last_step(catalog)
    text = "x" * 20_001  # over the length a reflection may have
    response = client.post(f"{BASE}/{step_id}/done", data={"text": text})
    assert response.status_code == 400
    assert "Please keep your answer under" in response.text
    assert text in response.text
    assert rows(app, ExerciseAnswer) == []
