"""Safeguarding officers are appointed on the server, never through the web.

Administrators do not see reports (the README promises it): if they could give the role,
to themselves or to a friend, the promise would mean nothing.
"""

import io

import pytest
from sqlalchemy import select

from app.accounts.models import Role, User
from app.audit.models import AuditEvent
from app.extensions import db
from app.mail.models import OutboxEmail
from app.organisations.models import CohortMember
from tests.conftest import all_rows, sign_in_as


def role_of(app, user) -> Role:
    with app.app_context():
        return db.session.get(User, user.id).role


def edit(client, user, role):
    return client.post(
        f"/admin/users/{user.id}",
        data={"name": user.name, "role": role, "organisation_id": 0, "active": "y"},
    )


@pytest.fixture
def admin(create_user):
    return create_user(Role.ADMIN)


def test_an_administrator_cannot_give_the_safeguarding_role(app, client, admin, create_user):
    someone = create_user(Role.FACILITATOR)
    sign_in_as(client, admin)
    assert 'value="safeguarding"' not in client.get(f"/admin/users/{someone.id}").text
    for user in (someone, admin):
        assert edit(client, user, "safeguarding").status_code == 400
        assert role_of(app, user) != Role.SAFEGUARDING


def test_an_administrator_cannot_change_a_safeguarding_officers_role(
    app, client, admin, create_user
):
    officer = create_user(Role.SAFEGUARDING, name="Officer Olsen")
    sign_in_as(client, admin)
    page = client.get(f"/admin/users/{officer.id}").text
    assert "flask safeguarding revoke" in page
    for role in ("admin", "participant", "facilitator"):
        assert edit(client, officer, role).status_code == 400
    assert role_of(app, officer) == Role.SAFEGUARDING
    # Renaming or deactivating stays possible.
    response = client.post(
        f"/admin/users/{officer.id}",
        data={"name": "Officer Olsen-Berg", "role": "safeguarding", "organisation_id": 0},
    )
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.get(User, officer.id)
        assert (saved.name, saved.active, saved.role) == (
            "Officer Olsen-Berg",
            False,
            Role.SAFEGUARDING,
        )


def test_nobody_is_invited_as_a_safeguarding_officer(app, client, admin):
    sign_in_as(client, admin)
    form = client.get("/people/invite").text
    assert 'value="safeguarding"' not in form
    response = client.post(
        "/people/invite",
        data={
            "email": "officer@example.org",
            "name": "Would Be Officer",
            "role": "safeguarding",
            "organisation_id": 0,
            "cohort_id": 0,
            "locale": "en",
        },
    )
    assert response.status_code == 400
    upload = client.post(
        "/people/invite/csv",
        data={
            "file": (
                io.BytesIO(b"email,name,role\nofficer@example.org,Would Be Officer,safeguarding\n"),
                "people.csv",
            )
        },
        content_type="multipart/form-data",
    )
    assert upload.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "officer@example.org")) is None


def test_a_server_command_appoints_and_revokes_an_officer_audited(
    app, create_user, create_cohort, create_participant
):
    facilitator = create_user(Role.FACILITATOR, name="Fatuma Facilitator", email="f@example.org")
    cohort = create_cohort(facilitators=[facilitator])
    create_participant(cohort, email="p@example.org", locale="fr")
    runner = app.test_cli_runner()

    result = runner.invoke(args=["safeguarding", "appoint", " F@Example.org "])
    assert result.exit_code == 0, result.output
    assert "Fatuma Facilitator" in result.output
    assert role_of(app, facilitator) == Role.SAFEGUARDING
    with app.app_context():
        # An officer follows no cohort: the facilitator's participants are told they left.
        assert (
            db.session.scalar(select(CohortMember).where(CohortMember.user_id == facilitator.id))
            is None
        )
    [email] = [e for e in all_rows(app, OutboxEmail) if e.recipient == "p@example.org"]
    assert email.language == "fr" and "Fatuma Facilitator" in email.body

    result = runner.invoke(args=["safeguarding", "revoke", "f@example.org"])
    assert result.exit_code == 0, result.output
    assert role_of(app, facilitator) == Role.PARTICIPANT  # the least access; an admin goes on
    events = [
        (e.action, e.actor_id, e.object_type, e.object_id)
        for e in all_rows(app, AuditEvent)
        if e.action.startswith("user.safeguarding")
    ]
    assert events == [
        ("user.safeguarding_appoint", None, "user", facilitator.id),
        ("user.safeguarding_revoke", None, "user", facilitator.id),
    ]


def test_the_command_refuses_unknown_and_unsuitable_accounts(app, create_user):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["safeguarding", "appoint", "nobody@example.org"])
    assert result.exit_code != 0 and "nobody@example.org" in result.output
    participant = create_user(Role.PARTICIPANT, email="p@example.org")
    result = runner.invoke(args=["safeguarding", "revoke", "p@example.org"])
    assert result.exit_code != 0 and "not a safeguarding officer" in result.output
    assert role_of(app, participant) == Role.PARTICIPANT
    admin = create_user(Role.ADMIN, email="a@example.org")
    result = runner.invoke(args=["safeguarding", "appoint", "a@example.org"])
    assert result.exit_code != 0 and "administrator" in result.output
    assert role_of(app, admin) == Role.ADMIN
