"""Dilemma, scale, reflection and goals: no right answer, but the cohort's thinking and a thread."""

import pytest
from sqlalchemy import select

from app.exercises.models import ExerciseAnswer
from app.extensions import db
from tests.conftest import sign_in_as
from tests.exercises.helpers import find, position, url


@pytest.fixture
def returned(create_participant, cohort):
    return create_participant(cohort, phase="post")


def dilemma_answer(client, catalog, user, key_index=0, why="Because of the guidelines."):
    course, module, step, exercise = find(catalog, "dilemma")
    sign_in_as(client, user)
    key = exercise["options"][key_index]["key"]
    return client.post(
        url(course, module, step), data={"choice": position(exercise, "options", key), "why": why}
    )


def test_a_dilemma_needs_a_reason_and_keeps_the_choice_on_error(app, client, catalog, returned):
    sign_in_as(client, returned)
    course, module, step, _exercise = find(catalog, "dilemma")
    response = client.post(url(course, module, step), data={"choice": "1", "why": "  "})
    assert response.status_code == 400
    assert "Write a few words about why" in response.text
    assert 'value="1" checked' in response.text
    with app.app_context():
        assert db.session.scalar(select(ExerciseAnswer.id)) is None


def test_the_cohort_distribution_stays_hidden_below_the_minimum_group_size(
    app, client, catalog, create_participant, cohort
):
    minimum = app.config["COHORT_MIN_RESPONDENTS"]
    assert minimum == 5  # the safe default
    people = [
        create_participant(cohort, phase="post", name=f"Person Number{i}") for i in range(minimum)
    ]
    first = dilemma_answer(client, catalog, people[0])
    assert "Shown when at least 5 people in your cohort have answered" in first.text
    for person in people[1:-1]:
        hidden = dilemma_answer(client, catalog, person, key_index=1)
    assert "people have answered." not in hidden.text
    last = dilemma_answer(client, catalog, people[-1], key_index=1)
    assert "5 people have answered." in last.text
    assert "80&nbsp;%" in last.text and "20&nbsp;%" in last.text
    for person in people:  # anonymised: no names, no reasons of others
        assert person.name not in last.text.replace(people[-1].name, "")
    assert "Thinking it through" in last.text


def test_the_minimum_group_size_is_a_setting(
    app, client, catalog, create_participant, cohort, monkeypatch
):
    monkeypatch.setitem(app.config, "COHORT_MIN_RESPONDENTS", 2)
    people = [create_participant(cohort, phase="post") for _ in range(2)]
    assert "Shown when at least 2 people" in dilemma_answer(client, catalog, people[0]).text
    assert "2 people have answered." in dilemma_answer(client, catalog, people[1]).text


def test_the_distribution_counts_only_the_participants_own_cohort(
    app, client, catalog, create_participant, create_cohort
):
    mine, other = create_cohort(), create_cohort()
    for _ in range(app.config["COHORT_MIN_RESPONDENTS"]):
        dilemma_answer(client, catalog, create_participant(other, phase="post"))
    me = create_participant(mine, phase="post")
    response = dilemma_answer(client, catalog, me)
    assert "Shown when at least 5 people" in response.text


def test_a_scale_answer_shows_the_cohort_average(
    app, client, catalog, create_participant, cohort, monkeypatch
):
    course, module, step, exercise = find(catalog, "scale")
    low, high = exercise["min"], exercise["max"]
    monkeypatch.setitem(app.config, "COHORT_MIN_RESPONDENTS", 3)
    for value in (low, high, high):
        sign_in_as(client, create_participant(cohort, phase="post"))
        response = client.post(url(course, module, step), data={"value": str(value)})
        assert response.status_code == 200
    average = round((low + 2 * high) / 3, 1)
    assert f"Average: {average}" in response.text


@pytest.mark.parametrize("value", ["0", "99", "abc", ""])
def test_a_scale_value_outside_the_scale_is_refused(app, client, catalog, returned, value):
    sign_in_as(client, returned)
    course, module, step, exercise = find(catalog, "scale")
    if value == "0" and exercise["min"] == 0:
        value = "-1"
    response = client.post(url(course, module, step), data={"value": value})
    assert response.status_code == 400


def test_a_reflection_is_stored_and_an_empty_one_is_refused(app, client, catalog, returned):
    sign_in_as(client, returned)
    course, module, step, _exercise = find(catalog, "reflection")
    empty = client.post(url(course, module, step), data={"text": "   "})
    assert empty.status_code == 400 and "Write your reflection first." in empty.text
    text = "I expect to <b>learn</b> as much as I give."
    saved = client.post(url(course, module, step), data={"text": text})
    assert saved.status_code == 200
    assert "I expect to &lt;b&gt;learn&lt;/b&gt; as much as I give." in saved.text
    with app.app_context():
        assert db.session.scalar(select(ExerciseAnswer.answer)) == {"text": text}


def test_goals_run_from_preparation_through_review_to_the_final_rating(
    app, client, catalog, returned
):
    sign_in_as(client, returned)
    set_step = find(catalog, "goals", stage="set")
    review_step = find(catalog, "goals", stage="review")
    final_step = find(catalog, "goals", stage="final")

    no_goals = client.post(url(*review_step[:3]), data={"rating-1": "3"})
    assert no_goals.status_code == 400 and "You have not set any goals yet." in no_goals.text

    assert client.post(url(*set_step[:3]), data={"goal-1": "", "rating-1": ""}).status_code == 400
    response = client.post(
        url(*set_step[:3]),
        data={
            "goal-1": "Plan a community workshop",
            "rating-1": "2",
            "goal-2": "Speak up in meetings",
            "rating-2": "1",
        },
    )
    assert response.status_code == 200

    review_page = client.get(
        f"/courses/{review_step[0].slug}/{review_step[1].slug}/{review_step[2].id}"
    )
    assert (
        "Plan a community workshop" in review_page.text
        and "Speak up in meetings" in review_page.text
    )
    bad = client.post(url(*review_step[:3]), data={"rating-1": "3"})
    assert bad.status_code == 400 and "Rate each goal from 1 to 5." in bad.text
    client.post(
        url(*review_step[:3]), data={"rating-1": "3", "rating-2": "3", "comment": "Halfway."}
    )
    client.post(
        url(*final_step[:3]),
        data={"rating-1": "5", "rating-2": "4", "at_home": "Run workshops at home."},
    )

    summary = client.get("/goals")
    assert summary.status_code == 200
    page = summary.text
    assert "Plan a community workshop" in page and "Run workshops at home." in page
    row = page.split("Plan a community workshop")[1].split("</tr>")[0]
    assert [cell.strip() for cell in row.split("<td>")[1:]] == ["2</td>", "3</td>", "5</td>"]


def test_the_goals_page_is_for_participants_only(client, create_user):
    from app.accounts.models import Role

    sign_in_as(client, create_user(Role.FACILITATOR))
    assert client.get("/goals").status_code == 404
