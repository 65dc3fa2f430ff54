"""The cohort's anonymous answers to a dilemma, on a phone and on a desktop: held back, with
the reason, until five people have answered; then shown as shares with one's own marked."""

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import audit
from tests.browser.conftest import sign_in
from tests.exercises.helpers import find
from tests.exercises.test_open_kinds import dilemma_answer

SIZES = {"phone": {"width": 360, "height": 640}, "desktop": {"width": 1366, "height": 768}}


@pytest.mark.parametrize("size", SIZES)
def test_the_cohorts_answers_are_held_back_below_five_and_the_page_says_why(
    page, app, live_server, catalog, cohort, create_participant, size
):
    others = app.test_client()
    for _ in range(3):
        dilemma_answer(others, catalog, create_participant(cohort, phase="post"), key_index=1)
    me = create_participant(cohort, phase="post")
    course, module, step, exercise = find(catalog, "dilemma")
    page.set_viewport_size(SIZES[size])
    sign_in(page, live_server, me.email)
    page.goto(f"{live_server}/courses/{course.slug}/{module.slug}/{step.id}")
    page.get_by_label(" ".join(exercise["options"][0]["text"].split())).check()
    page.get_by_label("Why would you choose this?").fill("It keeps everyone safe.")
    page.get_by_role("button", name="Send answer").click()

    results = page.locator(".distribution")
    expect(results).to_contain_text("How your cohort answered")
    expect(results).to_contain_text(
        "Shown when at least 5 people in your cohort have answered, so that nobody's answer "
        "can be picked out."
    )
    expect(results.locator(".bars")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    audit(page, f"results held back, {size}")

    dilemma_answer(others, catalog, create_participant(cohort, phase="post"), key_index=1)
    page.reload()
    expect(results).to_contain_text("5 people have answered.")
    mine = results.locator(".bars li.mine")
    expect(mine).to_contain_text("(your answer)")
    expect(mine).to_contain_text("20\u00a0%")
    audit(page, f"results shown, {size}")
