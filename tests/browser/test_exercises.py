"""Each exercise kind answered by clicking, the feedback swapped in without a page load."""

from tests.browser.conftest import sign_in
from tests.exercises.helpers import find, top_of_scale_label


def open_step(page, live_server, course, module, step):
    page.goto(f"{live_server}/courses/{course.slug}/{module.slug}/{step.id}")
    # A marker on window survives an htmx swap but not a page load.
    page.evaluate("window.bruMarker = 'same page'")


def send_and_expect(page, text):
    page.get_by_role("button", name="Send answer").click()
    page.get_by_text(text).first.wait_for()
    assert page.evaluate("window.bruMarker") == "same page"


def test_every_exercise_kind_answers_without_a_page_load(
    page, live_server, create_participant, cohort, catalog
):
    user = create_participant(cohort, phase="post")
    sign_in(page, live_server, user.email)

    course, module, step, ex = find(catalog, "single_choice")
    open_step(page, live_server, course, module, step)
    correct = next(o for o in ex["options"] if o.get("correct"))
    page.get_by_label(correct["text"].strip()).check()
    send_and_expect(page, "Correct.")

    course, module, step, ex = find(catalog, "multiple_choice")
    open_step(page, live_server, course, module, step)
    for option in ex["options"]:
        if option.get("correct"):
            page.get_by_label(option["text"].strip()).check()
    send_and_expect(page, "Correct.")

    course, module, step, ex = find(catalog, "ordering")
    open_step(page, live_server, course, module, step)
    for place, item in enumerate(ex["items"], start=1):
        page.get_by_label(item["text"].strip()).select_option(str(place))
    send_and_expect(page, "Correct.")

    course, module, step, ex = find(catalog, "matching")
    open_step(page, live_server, course, module, step)
    for pair in ex["pairs"]:
        page.get_by_label(pair["term"].strip()).select_option(label=pair["match"].strip())
    send_and_expect(page, "Correct.")

    course, module, step, ex = find(catalog, "dilemma")
    open_step(page, live_server, course, module, step)
    page.get_by_label(ex["options"][0]["text"].strip()).check()
    page.get_by_label("Why would you choose this?").fill("It keeps trust on both sides.")
    send_and_expect(page, "How your cohort answered")

    course, module, step, ex = find(catalog, "scale")
    open_step(page, live_server, course, module, step)
    page.get_by_label(top_of_scale_label(ex), exact=True).check()
    send_and_expect(page, "How your cohort answered")

    course, module, step, ex = find(catalog, "reflection")
    open_step(page, live_server, course, module, step)
    page.get_by_label(ex["prompt"].strip()).fill("Curious, and a little nervous.")
    send_and_expect(page, "Curious, and a little nervous.")

    course, module, step, ex = find(catalog, "goals", stage="set")
    open_step(page, live_server, course, module, step)
    page.get_by_label("Goal 1").fill("Learn to plan with my host colleagues")
    page.locator("select[name=rating-1]").select_option("2")
    send_and_expect(page, "Learn to plan with my host colleagues")


def test_a_wrong_answer_shows_the_error_in_place_and_keeps_the_choice(
    page, live_server, create_participant, cohort, catalog
):
    user = create_participant(cohort, phase="post")
    sign_in(page, live_server, user.email)
    course, module, step, ex = find(catalog, "dilemma")
    open_step(page, live_server, course, module, step)
    first = ex["options"][0]["text"].strip()
    page.get_by_label(first).check()
    send_and_expect(page, "Write a few words about why you chose this.")
    assert page.get_by_label(first).is_checked()


def test_answer_again_takes_the_focus_to_the_question(
    page, live_server, create_participant, cohort, catalog
):
    user = create_participant(cohort, phase="post")
    sign_in(page, live_server, user.email)
    course, module, step, ex = find(catalog, "single_choice")
    open_step(page, live_server, course, module, step)
    wrong = next(o for o in ex["options"] if not o.get("correct"))
    page.get_by_label(wrong["text"].strip()).check()
    send_and_expect(page, "Not quite.")
    page.get_by_role("link", name="Answer again").click()
    page.get_by_role("button", name="Send answer").wait_for()
    assert page.evaluate("window.bruMarker") == "same page"
    # The link that had the focus is gone; the focus is on the question, not lost to the page
    # (htmx moves it once the swap settles).
    for _ in range(30):
        if page.evaluate("document.activeElement.tagName") == "FORM":
            break
        page.wait_for_timeout(100)
    assert (
        page.evaluate("document.activeElement.getAttribute('aria-label')") == ex["prompt"].strip()
    )
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "choice"


def test_finish_module_sends_the_reflection_typed_on_the_last_step(
    app, page, live_server, create_participant, cohort, catalog
):
    from sqlalchemy import select

    from app.exercises.models import ExerciseAnswer
    from app.extensions import db
    from app.learning.models import StepCompletion

    user = create_participant(cohort, phase="post")
    module = catalog.module("during-exchange", "monthly-check-ins")
    with app.app_context():
        for step_id in module.step_ids[:-1]:
            db.session.add(
                StepCompletion(
                    user_id=user.id,
                    course_slug="during-exchange",
                    module_slug=module.slug,
                    step_id=step_id,
                )
            )
        db.session.commit()
    sign_in(page, live_server, user.email)
    last = module.step_ids[-1]
    page.goto(f"{live_server}/courses/during-exchange/{module.slug}/{last}")
    prompt = module.exercise(last)["prompt"].strip()
    page.get_by_label(prompt).fill("Fewer meetings than I feared.")
    page.get_by_role("button", name="Finish module").click()
    page.wait_for_url(f"{live_server}/courses/during-exchange?finished={module.slug}")
    page.get_by_text("Module finished. Well done!").wait_for()
    with app.app_context():
        [answer] = db.session.scalars(select(ExerciseAnswer.answer)).all()
    assert answer == {"text": "Fewer meetings than I feared."}

    # Answered with htmx first: the button then goes on by itself, and says nothing is lost.
    page.goto(f"{live_server}/courses/during-exchange/{module.slug}/{last}")
    page.get_by_role("link", name="Answer again").click()
    page.get_by_role("textbox", name=prompt).fill("Fewer meetings than I feared, and more tea.")
    send_and_expect_text = "Fewer meetings than I feared, and more tea."
    page.evaluate("window.bruMarker = 'same page'")
    page.get_by_role("button", name="Send answer").click()
    page.locator(".exercise").get_by_text(send_and_expect_text).wait_for()
    page.get_by_role("button", name="Finish module").click()
    page.wait_for_url(f"{live_server}/courses/during-exchange?finished={module.slug}")
    with app.app_context():
        assert len(db.session.scalars(select(ExerciseAnswer.id)).all()) == 2
