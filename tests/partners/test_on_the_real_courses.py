"""The partners' part on the real courses: what the host partner's contact person reads of a
work plan is in their own language, as the course files say it."""

from html import escape

from app.accounts.models import Role
from app.organisations.models import Region
from tests.conftest import sign_in_as

PLAN = "/courses/during-exchange/work-plan/write-plan"


def test_the_host_contact_reads_the_parts_of_the_work_plan_in_their_own_language(
    app, catalog, create_cohort, create_participant, create_organisation, create_user
):
    host = create_organisation(name="Arusha Youth Radio", country="TZ")
    home = create_organisation(name="Bergen Youth Network", region=Region.NORWAY, country="NO")
    participant = create_participant(create_cohort(), phase="mid", home=home, host=host)
    contact = create_user(Role.PARTNER, organisation=host, locale="sw")
    module = catalog.module("during-exchange", "work-plan")
    sections = {str(s["key"]): s["label"] for s in module.exercise("write-plan")["sections"]}
    client = app.test_client()
    sign_in_as(client, participant)
    written = client.post(
        PLAN + "/answer", data={f"section-{key}": f"Plan for {key}" for key in sections}
    )
    assert written.status_code == 200, written.text

    client = app.test_client()
    sign_in_as(client, contact)
    page = client.get(f"/organisation/participants/{participant.id}").text
    in_swahili = module.exercise_in("write-plan", "sw")
    assert in_swahili is not None and in_swahili[1] == "sw"
    for section in in_swahili[0]["sections"]:
        assert f"<dt>{escape(section['label'])}</dt>" in page
        assert f"Plan for {section['key']}" in page
    for label in sections.values():
        assert escape(label) not in page
