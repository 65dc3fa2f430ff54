"""Who may put whom in a cohort, and how the people whose data it opens are told.

An administrator may put any participant in any cohort; a facilitator only participants
whom no facilitator follows yet. Whoever becomes able to read a participant's shared journal,
answers and goals is named to that participant, in their language; every change is audited.
"""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.accounts.models import Role, User
from app.audit.models import AuditEvent
from app.extensions import db
from app.journal.models import Audience
from app.journal.services import journal_entry_create
from app.mail.models import OutboxEmail
from app.organisations.models import CohortMember, Exchange, MemberRole
from tests.conftest import all_rows, sign_in_as


@pytest.fixture
def programme(app, create_user, create_cohort, create_participant):
    lead = create_user(Role.FACILITATOR, name="Lead Facilitator")
    other_lead = create_user(Role.FACILITATOR, name="Other Facilitator")
    mine = create_cohort(name="Spring", facilitators=[lead])
    theirs = create_cohort(name="Autumn", facilitators=[other_lead])
    unled = create_cohort(name="Not led yet", facilitators=[])
    followed = create_participant(
        theirs, name="Followed Elsewhere", email="followed@example.org", locale="sw"
    )
    in_unled = create_participant(unled, name="Only Unled", email="unled@example.org")
    newcomer = create_user(
        Role.PARTICIPANT, name="New Comer", email="newcomer@example.org", locale="nn"
    )
    with app.app_context():
        entry = journal_entry_create(
            author=db.session.get(User, followed.id),
            title="For my facilitators",
            body="Only Other Facilitator should read this",
            audience=Audience.FACILITATORS,
        )
        db.session.commit()
        entry_id = entry.id
    return {
        "lead": lead,
        "other_lead": other_lead,
        "mine": mine,
        "theirs": theirs,
        "unled": unled,
        "followed": followed,
        "in_unled": in_unled,
        "newcomer": newcomer,
        "entry_id": entry_id,
        "admin": create_user(Role.ADMIN, name="Programme Admin"),
    }


def emails_to(app, address: str) -> list[OutboxEmail]:
    return [e for e in all_rows(app, OutboxEmail) if e.recipient == address]


def membership(app, cohort, user) -> CohortMember | None:
    with app.app_context():
        return db.session.scalar(
            select(CohortMember).where(
                CohortMember.cohort_id == cohort.id, CohortMember.user_id == user.id
            )
        )


def audit_events(app, action: str) -> list[AuditEvent]:
    return [e for e in all_rows(app, AuditEvent) if e.action == action]


def test_a_facilitator_is_offered_only_participants_nobody_facilitates(client, programme):
    sign_in_as(client, programme["lead"])
    page = client.get(f"/cohorts/{programme['mine'].id}/manage").text
    assert "New Comer" in page and "newcomer@example.org" in page
    assert "Only Unled" in page  # in a cohort, but no facilitator follows it
    assert "Followed Elsewhere" not in page and "followed@example.org" not in page


def test_a_facilitator_cannot_pull_in_someone_another_facilitator_follows(app, client, programme):
    sign_in_as(client, programme["lead"])
    mine, followed = programme["mine"], programme["followed"]
    response = client.post(f"/cohorts/{mine.id}/manage", data={"participant_ids": [followed.id]})
    assert response.status_code == 400
    assert membership(app, mine, followed) is None
    assert client.get(f"/cohorts/{mine.id}/participants/{followed.id}").status_code == 404
    assert client.get(f"/journal/{programme['entry_id']}").status_code == 404
    assert emails_to(app, "followed@example.org") == []
    # Nor by creating a cohort of their own for it.
    today = date.today()
    client.post(
        "/cohorts/new",
        data={
            "name": "Mine alone",
            "courses": ["preparatory"],
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=90)).isoformat(),
        },
    )
    with app.app_context():
        own = db.session.scalar(
            select(CohortMember.cohort_id).where(
                CohortMember.user_id == programme["lead"].id,
                CohortMember.cohort_id != mine.id,
            )
        )
    page = client.get(f"/cohorts/{own}/manage").text
    assert "New Comer" in page and "Followed Elsewhere" not in page
    assert (
        client.post(f"/cohorts/{own}/manage", data={"participant_ids": [followed.id]}).status_code
        == 400
    )


def test_a_facilitator_adds_a_newcomer_who_is_told_in_their_language(app, client, programme):
    sign_in_as(client, programme["lead"])
    mine, newcomer = programme["mine"], programme["newcomer"]
    response = client.post(f"/cohorts/{mine.id}/manage", data={"participant_ids": [newcomer.id]})
    assert response.status_code == 302
    assert membership(app, mine, newcomer).role == MemberRole.PARTICIPANT
    [email] = emails_to(app, "newcomer@example.org")
    assert email.language == "nn"
    assert "Lead Facilitator" in email.body and "Spring" in email.subject + email.body
    [event] = audit_events(app, "cohort.participant_add")
    assert (event.actor_id, event.object_type, event.object_id, event.person_id) == (
        programme["lead"].id,
        "cohort",
        mine.id,
        newcomer.id,
    )
    # And on the newcomer's own dashboard.
    sign_in_as(client, newcomer)
    dashboard = client.get("/dashboard").text
    assert "Lead Facilitator" in dashboard


def test_an_administrator_may_put_anyone_in_any_cohort(app, client, programme):
    sign_in_as(client, programme["admin"])
    mine, followed = programme["mine"], programme["followed"]
    page = client.get(f"/cohorts/{mine.id}/manage").text
    assert "Followed Elsewhere" in page
    response = client.post(f"/cohorts/{mine.id}/manage", data={"participant_ids": [followed.id]})
    assert response.status_code == 302
    assert membership(app, mine, followed) is not None
    [email] = emails_to(app, "followed@example.org")
    assert email.language == "sw" and "Lead Facilitator" in email.body
    assert email.subject != "You are now in the cohort Spring"  # in Swahili
    assert audit_events(app, "cohort.participant_add")[0].actor_id == programme["admin"].id
    # Now the cohort's facilitator reads what the participant shared with facilitators.
    sign_in_as(client, programme["lead"])
    assert client.get(f"/journal/{programme['entry_id']}").status_code == 200


def test_adding_a_facilitator_is_for_administrators_and_tells_every_participant(
    app, client, programme
):
    theirs, lead = programme["theirs"], programme["lead"]
    sign_in_as(client, lead)
    url = f"/cohorts/{theirs.id}/facilitators"
    assert client.post(url, data={"facilitator_ids": [lead.id]}).status_code == 404
    own = f"/cohorts/{programme['mine'].id}/facilitators"
    other = programme["other_lead"]
    assert client.post(own, data={"facilitator_ids": [other.id]}).status_code == 404
    assert "Other Facilitator" not in client.get(f"/cohorts/{programme['mine'].id}/manage").text
    assert membership(app, theirs, lead) is None

    sign_in_as(client, programme["admin"])
    assert "Lead Facilitator" in client.get(f"/cohorts/{theirs.id}/manage").text
    assert client.post(url, data={"facilitator_ids": [lead.id]}).status_code == 302
    assert membership(app, theirs, lead).role == MemberRole.FACILITATOR
    [email] = emails_to(app, "followed@example.org")
    assert email.language == "sw" and "Lead Facilitator" in email.body
    [event] = audit_events(app, "cohort.facilitator_add")
    assert (event.object_id, event.person_id) == (theirs.id, lead.id)
    sign_in_as(client, lead)
    assert client.get(f"/journal/{programme['entry_id']}").status_code == 200


def test_removing_a_participant_tells_them_and_ends_the_facilitators_access(app, client, programme):
    mine, newcomer, lead = programme["mine"], programme["newcomer"], programme["lead"]
    sign_in_as(client, lead)
    client.post(f"/cohorts/{mine.id}/manage", data={"participant_ids": [newcomer.id]})
    assert "New Comer" in client.get(f"/cohorts/{mine.id}/manage").text
    # Another facilitator cannot remove them, from this cohort or through their own.
    sign_in_as(client, programme["other_lead"])
    for cohort in (mine, programme["theirs"]):
        response = client.post(f"/cohorts/{cohort.id}/remove", data={"user_id": newcomer.id})
        assert response.status_code == 404
    sign_in_as(client, lead)
    response = client.post(f"/cohorts/{mine.id}/remove", data={"user_id": newcomer.id})
    assert response.status_code == 302
    assert membership(app, mine, newcomer) is None
    assert client.get(f"/cohorts/{mine.id}/participants/{newcomer.id}").status_code == 404
    _joined, left = emails_to(app, "newcomer@example.org")
    assert left.language == "nn" and "Spring" in left.subject + left.body
    [event] = audit_events(app, "cohort.participant_remove")
    assert (event.actor_id, event.object_id, event.person_id) == (lead.id, mine.id, newcomer.id)
    # Nobody follows them now: the facilitator may add them again.
    assert "New Comer" in client.get(f"/cohorts/{mine.id}/manage").text


def test_removing_a_facilitator_is_for_administrators_and_tells_every_participant(
    app, client, programme
):
    theirs, other_lead = programme["theirs"], programme["other_lead"]
    sign_in_as(client, other_lead)
    response = client.post(f"/cohorts/{theirs.id}/remove", data={"user_id": other_lead.id})
    assert response.status_code == 404
    sign_in_as(client, programme["admin"])
    response = client.post(f"/cohorts/{theirs.id}/remove", data={"user_id": other_lead.id})
    assert response.status_code == 302
    assert membership(app, theirs, other_lead) is None
    [email] = emails_to(app, "followed@example.org")
    assert email.language == "sw" and "Other Facilitator" in email.body
    [event] = audit_events(app, "cohort.facilitator_remove")
    assert (event.object_id, event.person_id) == (theirs.id, other_lead.id)
    sign_in_as(client, other_lead)
    assert client.get(f"/cohorts/{theirs.id}").status_code == 404
    assert client.get(f"/journal/{programme['entry_id']}").status_code == 404


def test_a_role_change_ends_the_cohort_access_of_the_old_role(app, client, programme):
    mine, lead, newcomer = programme["mine"], programme["lead"], programme["newcomer"]
    sign_in_as(client, lead)
    client.post(f"/cohorts/{mine.id}/manage", data={"participant_ids": [newcomer.id]})
    sign_in_as(client, programme["admin"])
    # A participant made a facilitator does not facilitate the cohort they were in.
    data = {"name": "New Comer", "role": "facilitator", "organisation_id": 0, "active": "y"}
    assert client.post(f"/admin/users/{newcomer.id}", data=data).status_code == 302
    assert membership(app, mine, newcomer) is None
    sign_in_as(client, newcomer)
    assert client.get(f"/cohorts/{mine.id}").status_code == 404
    # A facilitator made a participant no longer follows anyone; their participants are told.
    sign_in_as(client, programme["admin"])
    data = {"name": "Other Facilitator", "role": "participant", "organisation_id": 0, "active": "y"}
    assert client.post(f"/admin/users/{programme['other_lead'].id}", data=data).status_code == 302
    assert membership(app, programme["theirs"], programme["other_lead"]) is None
    [email] = emails_to(app, "followed@example.org")
    assert "Other Facilitator" in email.body
    assert [e.person_id for e in audit_events(app, "cohort.facilitator_remove")] == [
        programme["other_lead"].id
    ]
    assert len(audit_events(app, "user.role_change")) == 2


def test_exchange_changes_are_audited_with_the_participant(
    app, client, programme, create_organisation
):
    newcomer = programme["newcomer"]
    home, host, other_host = create_organisation(), create_organisation(), create_organisation()
    today = date.today()
    data = {
        "participant_id": newcomer.id,
        "home_organisation_id": home.id,
        "host_organisation_id": host.id,
        "departs_on": today.isoformat(),
        "returns_on": (today + timedelta(days=180)).isoformat(),
    }
    sign_in_as(client, programme["admin"])
    assert client.post("/admin/exchanges/new", data=data).status_code == 302
    with app.app_context():
        exchange_id = db.session.scalar(
            select(Exchange.id).where(Exchange.participant_id == newcomer.id)
        )
    data["host_organisation_id"] = other_host.id
    assert client.post(f"/admin/exchanges/{exchange_id}", data=data).status_code == 302
    events = [e for e in all_rows(app, AuditEvent) if e.object_type == "exchange"]
    assert [(e.action, e.object_id, e.person_id) for e in events] == [
        ("exchange.create", exchange_id, newcomer.id),
        ("exchange.update", exchange_id, newcomer.id),
    ]
