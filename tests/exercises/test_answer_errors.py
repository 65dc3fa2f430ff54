"""After a refused answer every field comes back as the person set it, with its own error
next to it; after a wrong answer the page says what is wrong and gives the course's feedback."""

from html.parser import HTMLParser
from pathlib import Path

import pytest

from app.exercises.models import ExerciseAnswer
from app.extensions import db
from tests.conftest import sign_in_as
from tests.exercises.helpers import find, position, url, wrong_form

BARE_COURSES = Path(__file__).parent / "bare_courses"


class Fields(HTMLParser):
    """The form fields of a page (value as the browser would show it) and the text of every
    element with an id."""

    def __init__(self, html: str):
        super().__init__()
        self.fields: dict[str, dict] = {}
        self.text_of: dict[str, str] = {}
        self._select: dict | None = None
        self._open_ids: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self._select = {**attrs, "value": ""}
            self.fields[attrs["name"]] = self._select
        elif tag == "option" and self._select is not None and "selected" in attrs:
            self._select["value"] = attrs["value"]
        elif tag in ("input", "textarea") and "name" in attrs:
            self.fields[attrs["name"]] = {**attrs, "value": attrs.get("value", "")}
            if tag == "textarea":
                self._textarea = attrs["name"]
        if "id" in attrs and tag not in ("input", "select", "option"):
            self._open_ids.append((tag, attrs["id"]))
            self.text_of[attrs["id"]] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None
        if self._open_ids and self._open_ids[-1][0] == tag:
            self._open_ids.pop()

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea]["value"] += data
        for _, element_id in self._open_ids:
            self.text_of[element_id] += data

    def error_next_to(self, name: str) -> str | None:
        """The message a field is described by, when it is marked invalid."""
        field = self.fields[name]
        if field.get("aria-invalid") != "true":
            return None
        return " ".join(self.text_of[i].strip() for i in field["aria-describedby"].split())


@pytest.fixture
def learner(client, create_participant, cohort):
    user = create_participant(cohort, phase="post")  # every course open
    sign_in_as(client, user)
    return user


def ordering_form(exercise, places_by_key: dict[str, str]) -> dict:
    return {
        f"position-{position(exercise, 'items', key)}": place
        for key, place in places_by_key.items()
    }


def test_an_order_with_a_place_used_twice_comes_back_as_set_with_the_error_next_to_it(
    client, learner, catalog
):
    course, module, step, exercise = find(catalog, "ordering")
    first, second, third, fourth = (str(i["key"]) for i in exercise["items"])
    set_as = {first: "1", second: "1", third: "2", fourth: "3"}

    response = client.post(url(course, module, step), data=ordering_form(exercise, set_as))

    assert response.status_code == 400
    page = Fields(response.text)
    for key, place in set_as.items():
        name = f"position-{position(exercise, 'items', key)}"
        assert page.fields[name]["value"] == place
    twice = "Place 1 is given to more than one item."
    assert page.error_next_to(f"position-{position(exercise, 'items', first)}") == twice
    assert page.error_next_to(f"position-{position(exercise, 'items', second)}") == twice
    assert page.error_next_to(f"position-{position(exercise, 'items', third)}") is None
    assert "Use each place in the order once." in response.text


def test_an_item_left_without_a_place_is_named_next_to_it(client, learner, catalog):
    course, module, step, exercise = find(catalog, "ordering")
    first, second, third, fourth = (str(i["key"]) for i in exercise["items"])
    set_as = {first: "2", second: "1", third: "", fourth: "4"}

    response = client.post(url(course, module, step), data=ordering_form(exercise, set_as))

    page = Fields(response.text)
    assert page.fields[f"position-{position(exercise, 'items', first)}"]["value"] == "2"
    assert page.fields[f"position-{position(exercise, 'items', fourth)}"]["value"] == "4"
    left = f"position-{position(exercise, 'items', third)}"
    assert page.error_next_to(left) == "Choose a place for this item."
    assert page.error_next_to(f"position-{position(exercise, 'items', first)}") is None


def test_goals_come_back_as_written_and_rated_with_the_missing_rating_named(
    client, learner, catalog
):
    course, module, step, _ = find(catalog, "goals", stage="set")
    form = {"goal-1": "Plan with my hosts", "rating-1": "3", "goal-2": "Present in English"}

    response = client.post(url(course, module, step), data=form)

    assert response.status_code == 400
    page = Fields(response.text)
    assert page.fields["goal-1"]["value"] == "Plan with my hosts"
    assert page.fields["rating-1"]["value"] == "3"
    assert page.fields["goal-2"]["value"] == "Present in English"
    assert page.error_next_to("rating-1") is None
    assert page.error_next_to("rating-2") == "Rate this goal from 1 to 5."
    assert page.error_next_to("rating-3") is None  # no goal written there


@pytest.mark.parametrize("stage", ["review", "final"])
def test_a_goal_rated_again_keeps_its_rating_when_the_answer_is_refused(
    client, learner, catalog, stage
):
    course, module, step, _ = find(catalog, "goals", stage="set")
    goals = {"goal-1": "Plan with my hosts", "rating-1": "2", "goal-2": "Present", "rating-2": "3"}
    assert client.post(url(course, module, step), data=goals).status_code == 200
    course, module, step, _ = find(catalog, "goals", stage=stage)

    response = client.post(url(course, module, step), data={"rating-1": "4", "comment": "Good"})

    assert response.status_code == 400
    page = Fields(response.text)
    assert page.fields["rating-1"]["value"] == "4"
    assert page.error_next_to("rating-1") is None
    assert page.error_next_to("rating-2") == "Rate this goal from 1 to 5."
    if stage == "final":
        assert page.error_next_to("at_home") == "Write what you will do with it at home."


def test_a_final_look_without_what_comes_next_keeps_every_rating(client, learner, catalog):
    course, module, step, _ = find(catalog, "goals", stage="set")
    client.post(url(course, module, step), data={"goal-1": "Plan", "rating-1": "2"})
    course, module, step, _ = find(catalog, "goals", stage="final")

    response = client.post(url(course, module, step), data={"rating-1": "5", "at_home": " "})

    page = Fields(response.text)
    assert page.fields["rating-1"]["value"] == "5"
    assert page.error_next_to("at_home") == "Write what you will do with it at home."


@pytest.mark.parametrize("kind", ["ordering", "matching"])
def test_a_wrong_order_or_match_shows_what_is_wrong_and_the_course_feedback(
    client, learner, catalog, kind
):
    course, module, step, exercise = find(catalog, kind)
    items = exercise["items" if kind == "ordering" else "pairs"]
    assert not any(item.get("feedback") for item in items)

    response = client.post(url(course, module, step), data=wrong_form(exercise))

    assert response.status_code == 200
    assert "Not quite." in response.text
    # The items have no feedback of their own: the course's explanation is the feedback.
    assert "Read the feedback and try again." in response.text
    assert " ".join(exercise["explanation"].split()[:8]) in " ".join(response.text.split())
    assert response.text.count("✗") >= 2 + 1  # the result line and each wrong item


def test_a_wrong_order_says_which_way_each_item_belongs(client, learner, catalog):
    course, module, step, exercise = find(catalog, "ordering")
    keys = [str(i["key"]) for i in exercise["items"]]
    swapped = {keys[0]: "2", keys[1]: "1", keys[2]: "3", keys[3]: "4"}

    response = client.post(url(course, module, step), data=ordering_form(exercise, swapped))

    text = " ".join(response.text.split())
    assert text.count("not in its place: it comes earlier") == 1
    assert text.count("not in its place: it comes later") == 1
    assert text.count('<span class="mark">✓</span>') == 2


@pytest.fixture
def bare(serve_courses, create_cohort, create_participant):
    """A course whose ordering has no feedback at all and whose matching has some."""
    served = serve_courses(BARE_COURSES)
    cohort = create_cohort(courses=["bare-course"])
    client = served.test_client()
    sign_in_as(client, create_participant(cohort))
    return served, client


def test_without_any_feedback_the_page_never_says_read_the_feedback(bare):
    served, client = bare
    exercise = served.extensions["bru_catalog"].module("bare-course", "bare").exercise("order")
    # Wednesday, Tuesday, Monday: Monday and Wednesday out of place.
    form = ordering_form(exercise, {"mon": "3", "tue": "2", "wed": "1"})

    response = client.post("/courses/bare-course/bare/order/answer", data=form)

    assert response.status_code == 200
    assert "Not quite." in response.text
    assert "Read the feedback" not in response.text
    assert "Try again." in response.text
    assert response.text.count("not in its place") == 2


def test_a_wrong_match_shows_the_feedback_the_course_gives_for_that_term(bare):
    served, client = bare
    exercise = served.extensions["bru_catalog"].module("bare-course", "bare").exercise("match")
    swapped = {"ke": "tz", "tz": "ke", "ug": "ug"}
    form = {f"match-{term}": position(exercise, "pairs", match) for term, match in swapped.items()}

    response = client.post("/courses/bare-course/bare/match/answer", data=form)

    assert "Read the feedback and try again." in response.text
    assert "Nairobi is on the Kenyan highlands." in response.text
    assert "Dodoma has been the capital of Tanzania since 1974." in response.text
    assert response.text.count("not the best match") == 2
    with served.app_context():
        assert db.session.query(ExerciseAnswer).one().is_correct is False
