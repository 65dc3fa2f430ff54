"""A module's reflection prompt: the answer is the journal entry, in the same transaction."""

from sqlalchemy import select

from app.exercises.models import ExerciseAnswer
from app.extensions import db
from app.journal.models import Audience, JournalEntry
from app.journal.services import short_title
from tests.conftest import all_rows, sign_in_as
from tests.exercises.helpers import find, url


def entries(app):
    return all_rows(app, JournalEntry)


def test_a_reflection_answer_becomes_a_private_entry_and_updates_it(
    app, client, create_participant, cohort, catalog
):
    user = create_participant(cohort, phase="post")
    sign_in_as(client, user)
    course, module, step, exercise = find(catalog, "reflection")

    response = client.post(url(course, module, step), data={"text": "To give *time*."})
    assert response.status_code == 200
    (entry,) = entries(app)
    assert entry.author_id == user.id
    assert entry.body == "To give *time*."
    assert entry.audience == Audience.PRIVATE
    assert (entry.course_slug, entry.module_slug, entry.step_id, entry.exercise_id) == (
        course.slug,
        module.slug,
        step.id,
        exercise.id,
    )
    assert entry.theme == exercise.get("theme")
    assert entry.phase == course.phase
    assert entry.title == short_title(" ".join(exercise["prompt"].split()))

    client.post(url(course, module, step), data={"text": "To give time, and to listen."})
    (entry,) = entries(app)
    assert entry.body == "To give time, and to listen."
    assert entry.version == 2

    page = client.get(f"/journal/{entry.id}").get_data(as_text=True)
    assert "To give time, and to listen." in page
    assert course.slug in client.get(f"/journal/{entry.id}.md").get_data(as_text=True)


def test_the_answer_and_the_entry_are_stored_together_or_not_at_all(
    app, client, create_participant, cohort, catalog
):
    user = create_participant(cohort, phase="post")
    sign_in_as(client, user)
    course, module, step, _exercise = find(catalog, "reflection")
    response = client.post(url(course, module, step), data={"text": "   "})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalars(select(ExerciseAnswer)).all() == []
    assert entries(app) == []


def test_each_reflection_prompt_has_its_own_entry(app, client, create_participant, cohort, catalog):
    user = create_participant(cohort, phase="post")
    sign_in_as(client, user)
    prompts = [
        (course, module, step)
        for course in catalog.courses_for("participants")
        for module in course.modules
        for step in module.source.steps
        if step.exercise is not None and step.exercise.kind == "reflection"
    ]
    for n, (course, module, step) in enumerate(prompts):
        client.post(url(course, module, step), data={"text": f"Answer {n}"})
    found = entries(app)
    assert len(found) == len(prompts) >= 6
    assert {e.phase for e in found} == {"pre", "mid", "post"}


def test_a_long_prompt_makes_a_title_of_whole_words():
    prompt = "How do your expectations compare with the reality so far? " * 4
    title = short_title(prompt.strip())
    assert len(title) <= 121 and title.endswith("…")
    assert prompt.startswith(title[:-1])
    assert short_title("Short prompt?") == "Short prompt?"


def test_answering_again_while_the_editor_is_open_is_a_conflict_not_a_loss(
    app, client, create_participant, cohort, catalog
):
    user = create_participant(cohort, phase="post")
    sign_in_as(client, user)
    course, module, step, _exercise = find(catalog, "reflection")
    client.post(url(course, module, step), data={"text": "First answer"})
    (entry,) = entries(app)
    client.post(url(course, module, step), data={"text": "Second answer"})
    stale = client.post(
        f"/journal/{entry.id}/edit",
        data={"draft_key": "editor-key-1", "version": 1, "title": "", "body": "Edited"},
    )
    assert stale.status_code == 409
    page = stale.get_data(as_text=True)
    assert "Second answer" in page and "Edited" in page
