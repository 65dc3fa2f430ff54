"""What a participant sees of an exercise on a 360 by 640 phone and on a desktop: a refused
answer kept with its errors next to the fields, the feedback on a wrong order or match, a
dilemma's results and the scale's tap targets, measured in Chromium, with axe on each."""

import pytest

from app.exercises.models import ExerciseAnswer
from app.extensions import db
from tests.browser.a11y import audit
from tests.browser.conftest import sign_in
from tests.exercises.helpers import find, wrong_form

PHONE = {"width": 360, "height": 640}
DESKTOP = {"width": 1366, "height": 768}
SIZES = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])


def open_step(page, live_server, course, module, step):
    page.goto(f"{live_server}/courses/{course.slug}/{module.slug}/{step.id}")


def send(page):
    page.get_by_role("button", name="Send answer").click()
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


def box(locator) -> dict:
    return locator.bounding_box()


def test_a_refused_order_and_goals_come_back_as_set_with_each_error_next_to_its_field(
    open_browser, live_server, create_participant, cohort, catalog
):
    page = open_browser(PHONE)
    sign_in(page, live_server, create_participant(cohort, phase="post").email)
    course, module, step, _ = find(catalog, "ordering")
    open_step(page, live_server, course, module, step)
    selects = page.locator(".exercise select")
    for index, place in enumerate(["1", "1", "2", "3"]):
        selects.nth(index).select_option(place)
    send(page)

    page.get_by_role("alert").filter(has_text="Use each place in the order once.").wait_for()
    assert [selects.nth(i).input_value() for i in range(4)] == ["1", "1", "2", "3"]
    rows = page.locator(".order-row")
    for index in (0, 1):
        message = rows.nth(index).locator(".field-error")
        assert message.inner_text() == "Place 1 is given to more than one item."
        assert selects.nth(index).get_attribute("aria-invalid") == "true"
        # Next to its field: under the item's select and text, before the next item.
        under, field = box(message), box(selects.nth(index))
        assert field["y"] < under["y"] < box(rows.nth(index + 1))["y"]
        assert under["x"] + under["width"] <= PHONE["width"]
    assert rows.nth(2).locator(".field-error").count() == 0
    audit(page, "ordering refused, phone")

    course, module, step, _ = find(catalog, "goals", stage="set")
    open_step(page, live_server, course, module, step)
    page.get_by_label("Goal 1").fill("Plan with my host colleagues")
    page.locator("select[name=rating-1]").select_option("3")
    page.get_by_label("Goal 2").fill("Present in English")
    send(page)

    page.get_by_role("alert").filter(has_text="Rate each goal from 1 to 5.").wait_for()
    assert page.get_by_label("Goal 1").input_value() == "Plan with my host colleagues"
    assert page.locator("select[name=rating-1]").input_value() == "3"
    assert page.get_by_label("Goal 2").input_value() == "Present in English"
    rating = page.locator("select[name=rating-2]")
    described_by = rating.get_attribute("aria-describedby")
    assert page.locator(f"#{described_by}").inner_text() == "Rate this goal from 1 to 5."
    audit(page, "goals refused, phone")


@pytest.mark.parametrize("kind", ["ordering", "matching"])
def test_a_wrong_order_or_match_marks_the_wrong_items_in_words_and_gives_the_feedback(
    open_browser, live_server, create_participant, cohort, catalog, kind
):
    page = open_browser(PHONE)
    sign_in(page, live_server, create_participant(cohort, phase="post").email)
    course, module, step, exercise = find(catalog, kind)
    open_step(page, live_server, course, module, step)
    form = wrong_form(exercise)
    for name, value in form.items():
        page.locator(f".exercise select[name='{name}']").select_option(value)
    send(page)

    section = page.locator(".exercise")
    result = section.locator(".result")
    assert result.inner_text() == "✗ Not quite. Read the feedback and try again."
    explanation = section.locator(".explanation")
    assert explanation.is_visible()
    assert " ".join(exercise["explanation"].split()[:6]) in " ".join(
        explanation.inner_text().split()
    )
    wrong = section.locator(".is-wrong .mark")
    assert wrong.count() >= 2
    word = "not in its place" if kind == "ordering" else "not the best match"
    assert all(word in text for text in wrong.all_inner_texts())  # in words, not colour only
    audit(page, f"{kind} wrong, phone")


def answer_for_others(app, create_participant, cohort, course, module, step, exercise, keys):
    with app.app_context():
        for key in keys:
            other = create_participant(cohort, phase="post")
            db.session.add(
                ExerciseAnswer(
                    user_id=other.id,
                    cohort_id=cohort.id,
                    course_slug=course.slug,
                    module_slug=module.slug,
                    step_id=step.id,
                    exercise_id=exercise.id,
                    kind=exercise.kind,
                    answer={"choice": key, "why": "Because."},
                )
            )
        db.session.commit()


@SIZES
def test_dilemma_results_give_long_options_the_width_and_label_the_own_choice(
    app, open_browser, live_server, create_participant, cohort, catalog, viewport
):
    course, module, step, exercise = find(catalog, "dilemma")
    keys = [str(o["key"]) for o in exercise["options"]]
    # Nobody chose the last option: its share is "0 %".
    answer_for_others(app, create_participant, cohort, course, module, step, exercise, keys[:2] * 3)
    page = open_browser(viewport)
    sign_in(page, live_server, create_participant(cohort, phase="post").email)
    open_step(page, live_server, course, module, step)
    mine = exercise["options"][1]
    page.get_by_label(mine["text"].strip()).check()
    page.get_by_label("Why would you choose this?").fill("It keeps trust on both sides.")
    send(page)
    page.get_by_text("How your cohort answered").wait_for()

    bars = page.locator(".distribution .bars")
    width = box(bars)["width"]
    for row in bars.locator("li").all():
        # The option's text has the row's whole width, its share a line of its own.
        assert box(row.locator(".bar-label"))["width"] > 0.8 * width or (
            row.locator(".bar-label").evaluate("e => e.getClientRects().length") == 1
        )
        value = row.locator(".bar-value")
        line = value.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
        assert box(value)["height"] < 1.5 * line, value.inner_text()
    assert "0\u00a0%" in bars.inner_text()
    assert bars.locator(".mine .bar-label").inner_text() == " ".join(mine["text"].split())

    chosen = page.locator(".discussion .chosen")
    assert chosen.count() == 1
    assert chosen.locator(".your-choice").inner_text() == "Your choice"
    assert " ".join(mine["text"].split()) in chosen.locator("dt").inner_text()
    # The discussion reads as text: body size, open lines, the screen's width.
    discussion = page.locator(".discussion dd").first
    style = discussion.evaluate(
        "e => ['fontSize', 'lineHeight'].map(name => parseFloat(getComputedStyle(e)[name]))"
    )
    assert style[0] >= 16 and style[1] >= 1.4 * style[0]
    assert box(discussion)["width"] > 0.6 * min(viewport["width"], 672)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    audit(page, f"dilemma result, {viewport['width']} px")


@SIZES
def test_the_scale_is_one_row_of_targets_of_at_least_24_px(
    open_browser, live_server, create_participant, cohort, catalog, viewport
):
    page = open_browser(viewport)
    sign_in(page, live_server, create_participant(cohort, phase="post").email)
    course, module, step, exercise = find(catalog, "scale", labels=None)
    open_step(page, live_server, course, module, step)

    radios = page.locator(".exercise input[type=radio]").all()
    assert len(radios) == exercise["max"] - exercise["min"] + 1
    boxes = [box(radio) for radio in radios]
    targets = [box(radio.locator("xpath=ancestor::label")) for radio in radios]
    assert all(b["width"] >= 24 and b["height"] >= 24 for b in boxes), boxes
    assert all(t["width"] >= 24 and t["height"] >= 24 for t in targets), targets
    # One row: every point at the same height, left to right, none past the screen.
    assert max(b["y"] for b in boxes) - min(b["y"] for b in boxes) < 1
    assert [b["x"] for b in boxes] == sorted(b["x"] for b in boxes)
    assert max(t["x"] + t["width"] for t in targets) <= viewport["width"]
    # The end labels are on the same screen row, above the first and the last point.
    ends = page.locator(".scale-ends span").all()
    assert box(ends[0])["y"] == pytest.approx(box(ends[1])["y"], abs=1)
    assert box(ends[0])["y"] < boxes[0]["y"]

    page.get_by_label(f"{exercise['max']} {exercise['high_label']}", exact=True).check()
    audit(page, f"scale, {viewport['width']} px")
    send(page)
    page.get_by_text("How your cohort answered").wait_for()
    audit(page, f"scale answered, {viewport['width']} px")


def test_a_scale_with_a_label_per_point_has_targets_of_at_least_24_px_on_a_phone(
    open_browser, live_server, create_participant, cohort, catalog
):
    page = open_browser(PHONE)
    sign_in(page, live_server, create_participant(cohort, phase="post").email)
    course, module, step, exercise = find(catalog, "scale")
    assert exercise.get("labels")
    open_step(page, live_server, course, module, step)
    for label in exercise["labels"]:
        target = page.locator("label.choice").filter(has_text=label)
        radio = target.locator("input[type=radio]")
        assert box(radio)["width"] >= 24 and box(radio)["height"] >= 24
        assert box(target)["height"] >= 24
        assert box(target)["x"] + box(target)["width"] <= PHONE["width"]
