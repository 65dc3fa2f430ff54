"""The minimum group size for the cohort's anonymous answers: a setting with a safe default,
refused when it would let someone's answer be worked out, and explained on the page."""

import pytest

from app import create_app
from tests.exercises.test_open_kinds import dilemma_answer

HELD_BACK = (
    "Shown when at least 5 people in your cohort have answered, so that nobody's answer can be "
    "picked out."
)


@pytest.mark.parametrize("minimum", [0, 1, 2, -5, "5"])
def test_a_minimum_group_size_that_would_give_answers_away_is_refused_at_start_up(minimum):
    with pytest.raises(RuntimeError, match="COHORT_MIN_RESPONDENTS"):
        create_app("test", SQLALCHEMY_DATABASE_URI="sqlite://", COHORT_MIN_RESPONDENTS=minimum)


def test_three_and_more_are_accepted(tmp_path):
    app = create_app("test", SQLALCHEMY_DATABASE_URI="sqlite://", COHORT_MIN_RESPONDENTS=3)
    assert app.config["COHORT_MIN_RESPONDENTS"] == 3


def test_four_respondents_see_the_reason_instead_of_the_distribution(
    app, client, catalog, create_participant, cohort
):
    people = [create_participant(cohort, phase="post") for _ in range(4)]
    for person in people:
        page = dilemma_answer(client, catalog, person).text
        assert HELD_BACK in page
        assert "people have answered." not in page
        assert "&nbsp;%" not in page  # no share of any option
        assert "How your cohort answered" in page
