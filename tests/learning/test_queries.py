"""The participant's everyday pages read in a small, fixed number of queries.

They are the pages every participant opens most; `make bench` measures them. Each
participant page costs at least the signed-in user, the cohorts with their courses, the
exchange and the progress (completions and resume points).
"""

from app.extensions import db
from app.learning.services import step_complete
from app.organisations.models import MemberRole
from app.organisations.services import cohort_member_add
from tests.conftest import count_queries, sign_in_as
from tests.exercises.helpers import correct_form, find, url

#: Statements per page: the floor above plus what the page itself shows.
BUDGET = {
    "dashboard": 7,  # + unread feedback, + facilitators who recently began to follow
    "step": 6,  # + the latest answer (the resume point is already this step: no write)
    "answer": 9,  # + the earlier answer, the INSERT, the completion check, the latest answer
}


def queries(app, client, catalog) -> dict[str, int]:
    course, module, step, exercise = find(catalog, "single_choice")
    step_url = f"/courses/{course.slug}/{module.slug}/{step.id}"
    return {
        "dashboard": count_queries(app, lambda: client.get("/dashboard").status_code == 200),
        "step": count_queries(app, lambda: client.get(step_url).status_code == 200),
        "answer": count_queries(
            app,
            lambda: (
                client.post(
                    url(course, module, step),
                    data=correct_form(exercise),
                    headers={"HX-Request": "true"},
                ).status_code
                == 200
            ),
        ),
    }


def test_participant_pages_stay_within_budget_as_history_grows(
    app, client, catalog, create_participant, create_cohort, cohort
):
    user = create_participant(cohort, phase="post")  # every course open
    sign_in_as(client, user)
    queries(app, client, catalog)  # the first visit and answer also insert the resume point
    assert queries(app, client, catalog) == BUDGET

    # Two more cohorts and every step of every course done: nothing more to read per row.
    more_cohorts = [create_cohort(), create_cohort()]
    with app.app_context():
        for more in more_cohorts:
            cohort_member_add(cohort=more, user=user, role=MemberRole.PARTICIPANT)
        for course in catalog.courses_for("participants"):
            for module in course.modules:
                for step_id in module.step_ids:
                    step_complete(
                        user=user, course_slug=course.slug, module_slug=module.slug, step_id=step_id
                    )
        db.session.commit()
    assert queries(app, client, catalog) == BUDGET
