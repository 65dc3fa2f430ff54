"""Every page `make bench` measures, held to a fixed number of SQL statements that does not
grow with the programme: more participants in a cohort and an organisation, more cohorts,
more organisations and more history cost time per row, never another statement."""

import pytest

from app import create_app
from app.accounts.models import Role
from app.extensions import db
from app.learning.services import step_complete
from bench.floor_app import floor
from tests.conftest import count_queries, sign_in_as
from tests.exercises.helpers import correct_form, find, url

#: Statements per request of each benchmarked page (the floors: the signed-in user alone, and
#: the user plus the resume point written).
BUDGET = {
    "floor read": 1,
    "floor write": 2,  # + the resume point's UPDATE
    "dashboard": 7,
    "module step": 6,
    "exercise answer": 9,
    "journal autosave": 3,  # + the draft, + its UPDATE
    "cohort overview": 6,  # + the cohort, its courses, participants, completions, visits
    "per-organisation view": 9,  # the overview's reads, + the contact persons and their steps
    "partner page": 6,
}


@pytest.fixture
def node(app):
    """A second app on the suite's database, with the benchmark's two floor routes."""
    node = create_app("test", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    node.register_blueprint(floor)
    yield node
    with node.app_context():
        db.engine.dispose()


@pytest.fixture
def programme(create_user, create_cohort, create_participant, create_organisation):
    partner_org = create_organisation(name="Kampala Youth Media Centre")
    lead = create_user(Role.FACILITATOR)
    cohort = create_cohort(facilitators=[lead])
    learner = create_participant(cohort, phase="post", host=partner_org)
    partner = create_user(Role.PARTNER, organisation=partner_org)
    return {
        "cohort": cohort,
        "lead": lead,
        "learner": learner,
        "partner": partner,
        "partner_org": partner_org,
    }


def grow(app, catalog, programme, create_cohort, create_participant, create_organisation):
    """Ten more in the cohort, hosted by the partner, every step done; another cohort."""
    newcomers = [
        create_participant(programme["cohort"], phase=phase, host=programme["partner_org"])
        for phase in ("pre", "mid", "post") * 3 + ("post",)
    ]
    other = create_cohort()
    newcomers += [create_participant(other, phase="mid") for _ in range(3)]
    create_organisation()
    with app.app_context():
        for person in newcomers:
            for course in catalog.courses_for("participants"):
                for module in course.modules:
                    for step_id in module.step_ids:
                        step_complete(
                            user=person,
                            course_slug=course.slug,
                            module_slug=module.slug,
                            step_id=step_id,
                        )
        db.session.commit()


def statements(app, catalog, programme) -> dict[str, int]:
    cohort = programme["cohort"]
    course, module, step, exercise = find(catalog, "single_choice")
    htmx = {"HX-Request": "true"}
    as_learner, as_lead, as_partner = app.test_client(), app.test_client(), app.test_client()
    sign_in_as(as_learner, programme["learner"])
    sign_in_as(as_lead, programme["lead"])
    sign_in_as(as_partner, programme["partner"])
    steps = [f"/courses/{course.slug}/{module.slug}/{s}" for s in module.step_ids]
    requests = {
        "floor read": lambda: as_learner.get("/bench/floor/read"),
        "floor write": lambda: as_learner.post("/bench/floor/write"),
        "dashboard": lambda: as_learner.get("/dashboard"),
        "module step": lambda: as_learner.get(steps[1]),
        "exercise answer": lambda: as_learner.post(
            url(course, module, step), data=correct_form(exercise), headers=htmx
        ),
        "journal autosave": lambda: as_learner.post(
            "/journal/drafts",
            data={"draft_key": "budget0000000000", "title": "T", "body": "Typing"},
            headers=htmx,
        ),
        "cohort overview": lambda: as_lead.get(f"/cohorts/{cohort.id}"),
        "per-organisation view": lambda: as_lead.get(f"/cohorts/{cohort.id}/organisations"),
        "partner page": lambda: as_partner.get("/organisation"),
    }
    counts = {}
    for name, request in requests.items():
        assert request().status_code < 300, name  # the first one may write what later ones read
        counts[name] = count_queries(app, lambda request=request: request().status_code < 300)
    return counts


def test_every_benchmarked_page_keeps_its_statement_budget_as_the_programme_grows(
    app, node, catalog, programme, create_cohort, create_participant, create_organisation
):
    assert statements(node, catalog, programme) == BUDGET
    grow(app, catalog, programme, create_cohort, create_participant, create_organisation)
    assert statements(node, catalog, programme) == BUDGET
