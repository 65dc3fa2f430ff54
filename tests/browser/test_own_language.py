"""A participant answers a graded exercise on a phone and reads its feedback in their own
language: the text is the course file's, the interface around it the catalog's, and nothing
on the way is marked as being in another language."""

import pytest
from flask_babel import force_locale, gettext
from playwright.sync_api import expect

from tests.browser.a11y import audit
from tests.browser.conftest import sign_in
from tests.exercises.helpers import find

PHONE = {"width": 360, "height": 640}


def tr(app, language: str, message: str) -> str:
    with app.test_request_context(), force_locale(language):
        return gettext(message)


def words(text: str) -> str:
    return " ".join(str(text).split())


def fits_the_phone(page) -> None:
    """Nothing is wider than the screen: no sideways scrolling."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize(("language", "kind"), [("sw", "single_choice"), ("pt", "multiple_choice")])
def test_a_participant_answers_on_a_phone_and_reads_the_feedback_in_their_language(
    page, app, live_server, catalog, cohort, create_participant, language, kind
):
    course, module, step, _ = find(catalog, kind)
    exercise, shown_in = module.exercise_in(step.id, language)
    assert shown_in == language  # the course file of this language has the exercise
    options = exercise["options"]
    wrong = next(o for o in options if not o.get("correct"))
    ui = {m: tr(app, language, m) for m in ("Send answer", "Not quite.", "Correct.")}
    ui["Answer again"] = tr(app, language, "Answer again")
    assert ui["Not quite."] != "Not quite."  # the catalog has it

    user = create_participant(cohort, phase="pre", locale=language)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, user.email)
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.goto(f"{live_server}/courses/{course.slug}/{module.slug}/{step.id}")
    section = page.locator(".exercise")
    expect(section.locator(".prompt")).to_have_text(words(exercise["prompt"]))
    # No piece of the exercise falls back to another language.
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator(".exercise[lang], .exercise [lang]")).to_have_count(0)
    fits_the_phone(page)
    audit(page, language)

    # A wrong answer first: the feedback on the option chosen, as the course file says it.
    page.get_by_label(words(wrong["text"])).check()
    page.get_by_role("button", name=ui["Send answer"]).click()
    expect(section.locator(".result.wrong")).to_contain_text(ui["Not quite."])
    chosen = section.locator(".feedback-list li.chosen")
    expect(chosen).to_have_count(1)
    expect(chosen).to_contain_text(words(wrong["text"]))
    expect(chosen).to_contain_text(words(wrong["feedback"]))
    expect(page.locator(".exercise[lang], .exercise [lang]")).to_have_count(0)
    fits_the_phone(page)
    audit(page, f"{language}, not quite")

    # Again, rightly: every option's feedback and the explanation, in the same language.
    section.get_by_role("link", name=ui["Answer again"]).click()
    for option in options:
        if option.get("correct"):
            page.get_by_label(words(option["text"])).check()
    page.get_by_role("button", name=ui["Send answer"]).click()
    expect(section.locator(".result.correct")).to_contain_text(ui["Correct."])
    for option in options:
        if option.get("feedback"):
            expect(section.locator(".feedback-list")).to_contain_text(words(option["feedback"]))
    expect(section.locator(".explanation")).to_contain_text(words(exercise["explanation"]))
    expect(page.locator(".exercise[lang], .exercise [lang]")).to_have_count(0)
    fits_the_phone(page)
    audit(page, f"{language}, correct")
