import pytest

from app.accounts.models import Role
from app.extensions import db
from app.organisations.models import MemberRole
from app.organisations.services import cohort_member_add
from tests.conftest import sign_in_as


@pytest.fixture
def learners(app, catalog, create_participant, create_cohort, create_user, create_organisation):
    """Who walks each audience's courses: a returned participant (every phase open) and a
    partner contact in a partner-training cohort."""
    returned = create_participant(create_cohort(), phase="post")
    contact = create_user(Role.PARTNER, organisation=create_organisation(country="TZ"))
    partner_cohort = create_cohort(courses=[c.slug for c in catalog.courses_for("partners")])
    with app.app_context():
        cohort_member_add(cohort=partner_cohort, user=contact, role=MemberRole.PARTICIPANT)
        db.session.commit()
    return {"participants": returned, "partners": contact}


@pytest.mark.parametrize("audience", ["participants", "partners"])
def test_every_step_of_every_course_renders_in_every_language(
    app, client, catalog, learners, audience
):
    sign_in_as(client, learners[audience])
    courses = catalog.courses_for(audience)
    assert courses
    for language in app.config["LANGUAGES"]:
        client.post("/language", data={"locale": language})
        assert client.get("/dashboard").status_code == 200
        for course in courses:
            assert client.get(f"/courses/{course.slug}").status_code == 200
            for module in course.modules:
                for step_id in module.step_ids:
                    response = client.get(f"/courses/{course.slug}/{module.slug}/{step_id}")
                    assert response.status_code == 200, (language, module.key, step_id)
                    assert f'<html lang="{language}">' in response.text
                    # Every course is translated: no step falls back to another language.
                    assert '<article class="step" lang=' not in response.text, (
                        language,
                        module.key,
                        step_id,
                    )
