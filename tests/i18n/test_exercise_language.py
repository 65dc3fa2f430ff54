"""Exercises are shown in the page language wherever the course is translated, and a step
that is not translated says so and marks its text with its own language."""

import re

import pytest
from markupsafe import escape

from app.accounts.models import Role
from app.exercises.kinds import EXERCISE_KINDS
from app.extensions import db
from app.organisations.models import MemberRole
from app.organisations.services import cohort_member_add
from tests.conftest import sign_in_as
from tests.exercises.helpers import url

#: What a form shows before answering, per field of an option or item.
SHOWN_FIELDS = ("text", "term", "match")


def shown_texts(exercise) -> list[str]:
    """The prompt and every option, item or label the answer form shows."""
    d = exercise.definition
    texts = [d["prompt"]]
    kind = EXERCISE_KINDS[exercise.kind]
    if kind.choices_field:
        for item in d[kind.choices_field]:
            texts += [item[name] for name in SHOWN_FIELDS if name in item]
    texts += list(d.get("labels") or ())
    texts += [d[name] for name in ("low_label", "high_label", "task") if name in d]
    return texts


def html_text(value: str) -> str:
    return str(escape(" ".join(value.split())))


def translated_exercise_steps(catalog, audience="participants"):
    for course in catalog.courses_for(audience):
        for module in course.modules:
            for language, text in module.versions.items():
                for step in text.steps:
                    if step.exercise is not None:
                        yield course, module, language, step


@pytest.fixture
def readers(app, create_participant, create_cohort):
    """A participant per language, every participant course open to them."""
    cohort = create_cohort()
    return {
        language: create_participant(cohort, phase="post", locale=language)
        for language in app.config["LANGUAGES"]
    }


@pytest.fixture
def partner_readers(app, catalog, create_user, create_organisation, create_cohort):
    """A partner contact per language in a cohort taking every partner course."""
    cohort = create_cohort(courses=[c.slug for c in catalog.courses_for("partners")])
    contacts = {
        language: create_user(Role.PARTNER, organisation=create_organisation(), locale=language)
        for language in app.config["LANGUAGES"]
    }
    with app.app_context():
        for contact in contacts.values():
            cohort_member_add(cohort=cohort, user=contact, role=MemberRole.PARTICIPANT)
        db.session.commit()
    return contacts


@pytest.mark.parametrize("audience", ["participants", "partners"])
def test_every_exercise_of_the_real_courses_is_served_in_each_language_it_is_written_in(
    app, client, catalog, request, audience
):
    readers = request.getfixturevalue(
        "readers" if audience == "participants" else "partner_readers"
    )
    checked = set()
    for course, module, language, step in translated_exercise_steps(catalog, audience):
        sign_in_as(client, readers[language])
        page = client.get(f"/courses/{course.slug}/{module.slug}/{step.id}")
        assert page.status_code == 200
        body = " ".join(page.text.split())
        for text in shown_texts(step.exercise):
            assert html_text(text) in body, (module.key, language, step.id, text)
        checked.add(language)
    # Every language the app offers has exercises of its own.
    assert checked == set(app.config["LANGUAGES"])


def test_the_feedback_after_an_answer_is_in_the_page_language(app, client, catalog, readers):
    for course, module, language, step in translated_exercise_steps(catalog):
        exercise = step.exercise
        if exercise.kind != "single_choice" or language == "en":
            continue
        sign_in_as(client, readers[language])
        correct = next(o for o in module.exercise(step.id)["options"] if o.get("correct"))
        kind = EXERCISE_KINDS["single_choice"]
        position = next(
            s.position for s in kind.shown(exercise.definition) if s.key == correct["key"]
        )
        response = client.post(
            url(course, module, step),
            data={"choice": str(position)},
            headers={"HX-Request": "true"},
        )
        body = " ".join(response.text.split())
        translated = next(o for o in exercise["options"] if o["key"] == correct["key"])
        assert html_text(translated["feedback"]) in body, (module.key, language)
        assert html_text(correct["feedback"]) not in body or language == "en"


def test_an_untranslated_step_shows_its_exercise_in_english_marked_as_english(swahili_reader):
    """Swahili reads a step that exists only in English: notice, and lang on the text."""
    page = swahili_reader.get("/courses/half-translated/settling/first-question").text
    assert "Kiingereza" in page
    section = re.search(r'<section class="exercise[^>]*>', page).group(0)
    assert 'lang="sw"' in section  # the interface around it stays Swahili
    assert re.search(
        r'lang="en"[^>]*>' + re.escape("What will you ask your colleagues first?"),
        " ".join(page.split()),
    )
