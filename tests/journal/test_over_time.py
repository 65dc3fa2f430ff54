"""Reflection over time: a timeline by phase, and "then and now" side by side by theme."""

from datetime import date, timedelta

import pytest

from app.accounts.models import User
from app.extensions import db
from app.journal.queries import then_and_now, timeline
from app.organisations.models import Exchange, phase_on
from tests.conftest import sign_in_as
from tests.exercises.helpers import url


def reflections(catalog, theme):
    """(course, module, step) of every reflection prompt on `theme`, by phase."""
    found = {}
    for course in catalog.courses_for("participants"):
        for module in course.modules:
            for step in module.source.steps:
                ex = step.exercise
                if ex is not None and ex.kind == "reflection" and ex.get("theme") == theme:
                    found.setdefault(course.phase, (course, module, step))
    return found


def test_the_demo_courses_ask_both_themes_in_every_phase(catalog):
    for theme in ("expectations", "reciprocity"):
        assert set(reflections(catalog, theme)) == {"pre", "mid", "post"}


def test_then_and_now_puts_a_theme_s_answers_from_each_phase_side_by_side(
    app, client, create_participant, cohort, catalog
):
    user = create_participant(cohort, phase="post")
    sign_in_as(client, user)
    words = {"pre": "I expect to teach.", "mid": "I am learning more.", "post": "I received most."}
    for phase, (course, module, step) in reflections(catalog, "expectations").items():
        client.post(url(course, module, step), data={"text": words[phase]})
    pre_course, pre_module, pre_step = reflections(catalog, "reciprocity")["pre"]
    client.post(url(pre_course, pre_module, pre_step), data={"text": "Both ways."})
    client.post("/journal/new", data={"draft_key": "k" * 10, "body": "Free", "audience": "private"})

    with app.app_context():
        rows = {row.theme: row for row in then_and_now(db.session.get(User, user.id))}
    assert set(rows) == {"expectations", "reciprocity"}
    assert {p: [e.body for e in es] for p, es in rows["expectations"].by_phase.items()} == {
        p: [w] for p, w in words.items()
    }
    assert rows["expectations"].phase_count == 3
    assert rows["reciprocity"].phase_count == 1

    page = client.get("/journal/then-and-now").get_data(as_text=True)
    section = page.split('id="theme-expectations"', 1)[1].split("</section>", 1)[0]
    assert all(w in section for w in words.values())
    assert section.index(words["pre"]) < section.index(words["mid"]) < section.index(words["post"])
    assert "Free" not in page


@pytest.mark.parametrize("phase", ["pre", "mid", "post"])
def test_a_free_standing_entry_takes_its_phase_from_the_exchange_dates(
    app, create_participant, cohort, phase
):
    user = create_participant(cohort, phase=phase)
    client = app.test_client()
    sign_in_as(client, user)
    client.post(
        "/journal/new", data={"draft_key": "k" * 10, "body": "Today", "audience": "private"}
    )
    with app.app_context():
        grouped = timeline(db.session.get(User, user.id))
    assert {p: len(es) for p, es in grouped.items()} == {
        p: int(p == phase) for p in ("pre", "mid", "post")
    }


def test_phase_on_the_day_of_departure_and_return():
    exchange = Exchange(departs_on=date(2025, 3, 1), returns_on=date(2025, 9, 1))
    assert phase_on(date(2025, 2, 28), exchange) == "pre"
    assert phase_on(date(2025, 3, 1), exchange) == "mid"
    assert phase_on(date(2025, 8, 31), exchange) == "mid"
    assert phase_on(date(2025, 9, 1), exchange) == "post"
    assert phase_on(date(2025, 9, 1) + timedelta(days=400), exchange) == "post"
    assert phase_on(date(2025, 1, 1), None) == "pre"


def test_the_timeline_groups_entries_by_phase(app, world, create_entry):
    create_entry(world.author, title="Before", today=date.today() - timedelta(days=10_000))
    create_entry(world.author, title="During")
    client = app.test_client()
    sign_in_as(client, world.author)
    page = client.get("/journal").get_data(as_text=True)
    before = page.index("Before the exchange")
    during = page.index("During the exchange")
    after = page.index("After the exchange")
    assert before < page.index(">Before<") < during < page.index(">During<") < after
