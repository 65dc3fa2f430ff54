"""A partner contact sees the participants their organisation sends or hosts, nobody else."""

import pytest

from app.accounts.models import Role
from tests.conftest import count_queries, sign_in_as


@pytest.fixture
def world(create_user, create_cohort, create_participant, create_organisation):
    forde = create_organisation(name="Førde Folkehøgskule")
    kampala = create_organisation(name="Kampala Youth Media Centre")
    hanoi = create_organisation(name="Hanoi Green Schools")
    lima = create_organisation(name="Lima Youth Network")
    cohort = create_cohort()
    sent = create_participant(cohort, phase="mid", home=forde, host=kampala, name="Sent From Forde")
    hosted = create_participant(cohort, phase="pre", home=hanoi, host=forde, name="Hosted In Forde")
    unrelated = create_participant(cohort, phase="post", home=hanoi, host=lima, name="Not Ours")
    return {
        "forde_contact": create_user(Role.PARTNER, organisation=forde),
        "kampala_contact": create_user(Role.PARTNER, organisation=kampala),
        "lima_contact": create_user(Role.PARTNER, organisation=lima),
        "sent": sent,
        "hosted": hosted,
        "unrelated": unrelated,
        "cohort": cohort,
        "forde": forde,
    }


def test_both_sides_of_an_exchange_see_it(client, world):
    sign_in_as(client, world["forde_contact"])
    page = client.get("/organisation").text
    assert "Sent From Forde" in page and "Hosted In Forde" in page and "Not Ours" not in page
    assert "sent by you" in page and "hosted by you" in page
    sign_in_as(client, world["kampala_contact"])
    page = client.get("/organisation").text
    assert "Sent From Forde" in page and "Hosted In Forde" not in page


def test_the_summary_counts_participants_by_phase_and_behind(client, world):
    sign_in_as(client, world["forde_contact"])
    page = client.get("/organisation").text
    summary = page.split("<h2>Summary</h2>")[1].split("</table>")[0]
    cells = [c.split("</td>")[0] for c in summary.split("<td>")[1:]]
    # pre: 1 (hosted), mid: 1 (sent), post: 0; behind: the mid participant has not started.
    assert cells[:4] == ["1", "1", "0", "1"]
    assert cells[4] == "1 / 1"


def test_a_partner_contact_opens_their_participants_and_gets_404_for_others(client, world):
    sign_in_as(client, world["forde_contact"])
    page = client.get(f"/organisation/participants/{world['sent'].id}")
    assert page.status_code == 200
    assert "Sent From Forde" in page.text and "Hosted In Forde" not in page.text
    assert client.get(f"/organisation/participants/{world['hosted'].id}").status_code == 200
    assert client.get(f"/organisation/participants/{world['unrelated'].id}").status_code == 404
    assert client.get("/organisation/participants/999999").status_code == 404
    # Nor a cohort, its exports or a participant through the facilitators' URLs.
    cohort_id = world["cohort"].id
    for url in (
        f"/cohorts/{cohort_id}",
        f"/cohorts/{cohort_id}/export.csv",
        f"/cohorts/{cohort_id}/participants/{world['sent'].id}",
    ):
        assert client.get(url).status_code == 404


def test_the_dashboard_leads_a_partner_contact_to_their_organisation(client, world):
    sign_in_as(client, world["lima_contact"])
    dashboard = client.get("/dashboard")
    assert dashboard.status_code == 200 and 'href="/organisation"' in dashboard.text
    assert "Not Ours" in client.get("/organisation").text


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.FACILITATOR, Role.ADMIN])
def test_the_partner_portal_is_for_partner_contacts_only(client, create_user, role):
    sign_in_as(client, create_user(role))
    assert client.get("/organisation").status_code == 404


def test_partner_pages_do_not_grow_queries_with_participants(
    app, client, world, create_participant
):
    sign_in_as(client, world["forde_contact"])
    urls = ["/organisation", f"/organisation/participants/{world['sent'].id}"]

    def queries():
        return [
            count_queries(app, lambda url=url: client.get(url).status_code == 200) for url in urls
        ]

    few = queries()
    for phase in ("pre", "mid", "post") * 3:
        create_participant(world["cohort"], phase=phase, home=world["forde"])
    assert queries() == few
