"""A lost or expired invitation can be recovered: by inviting again, from the person's page in
administration, or by the invitee through "Forgot your password?"."""

from datetime import timedelta

from sqlalchemy import select, update

from app.accounts.models import AccountToken, Role, User, utcnow
from app.audit.models import AuditEvent
from app.extensions import db
from tests.accounts.test_invitations import NEW_PASSWORD, invite, outbox
from tests.conftest import link_from, sign_in_as


def expire_every_link(app) -> None:
    with app.app_context():
        db.session.execute(update(AccountToken).values(expires_at=utcnow() - timedelta(hours=1)))
        db.session.commit()


def user_named(app, email: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def test_inviting_an_address_again_sends_a_new_link_that_works(app, client, create_user):
    sign_in_as(client, create_user(Role.ADMIN))
    assert invite(client).status_code == 302
    expire_every_link(app)
    response = invite(client, locale="pt")
    assert response.status_code == 302
    assert "neema@example.org was invited before" in client.get(response.location).text
    first, second = outbox(app, "neema@example.org")
    assert second.language == "pt"
    client.post("/sign-out")
    assert client.get(link_from(first.body)).status_code == 410
    link = link_from(second.body)
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302


def test_an_accepted_account_is_still_refused(app, client, create_user):
    create_user(Role.PARTICIPANT, email="neema@example.org")
    sign_in_as(client, create_user(Role.ADMIN))
    response = invite(client)
    assert response.status_code == 400
    assert "An account with this email address already exists." in response.text
    assert outbox(app, "neema@example.org") == []


def test_a_facilitator_cannot_resend_an_administrators_invitation(app, client, create_user):
    create_user(Role.ADMIN, email="neema@example.org", password=None)
    sign_in_as(client, create_user(Role.FACILITATOR))
    response = invite(client)
    assert response.status_code == 400
    assert outbox(app, "neema@example.org") == []


def test_the_user_page_sends_the_invitation_again_and_it_is_audited(app, client, create_user):
    admin = create_user(Role.ADMIN)
    sign_in_as(client, admin)
    invite(client)
    expire_every_link(app)
    neema = user_named(app, "neema@example.org")
    page = client.get(f"/admin/users/{neema.id}")
    assert "Invitation expired" in page.text and "Send the invitation again" in page.text
    response = client.post(f"/admin/users/{neema.id}/invitation", follow_redirects=True)
    assert response.status_code == 200
    assert "A new invitation is sent to neema@example.org." in response.text
    assert "Invitation pending" in response.text
    assert len(outbox(app, "neema@example.org")) == 2
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "user.invitation_resend")
        )
        assert event.actor_id == admin.id and event.object_id == neema.id


def test_an_accepted_account_has_no_invitation_to_send_again(app, client, create_user):
    participant = create_user(Role.PARTICIPANT)
    sign_in_as(client, create_user(Role.ADMIN))
    page = client.get(f"/admin/users/{participant.id}")
    assert "Invitation accepted" in page.text and "Send the invitation again" not in page.text
    assert client.post(f"/admin/users/{participant.id}/invitation").status_code == 400
    assert outbox(app, participant.email) == []


def test_forgot_password_sends_a_fresh_invitation_to_an_invited_account(app, client, create_user):
    sign_in_as(client, create_user(Role.ADMIN))
    invite(client)
    expire_every_link(app)
    client.post("/sign-out")
    response = client.post("/reset-password", data={"email": "Neema@example.org"})
    assert response.status_code == 302
    _first, second = outbox(app, "neema@example.org")
    assert second.language == "sw"
    link = link_from(second.body)
    assert link.startswith("/invitation/")
    assert client.get(link).status_code == 200
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "user.invitation_resend")
        )
        assert event.actor_id is None


def test_the_expired_link_page_says_what_works(app, client, create_user):
    sign_in_as(client, create_user(Role.ADMIN))
    invite(client, locale="en")
    expire_every_link(app)
    client.post("/sign-out")
    [email] = outbox(app, "neema@example.org")
    page = client.get(link_from(email.body))
    assert page.status_code == 410
    assert "Ask your facilitator to send you a new invitation" not in page.text
    assert "Forgot your password?" in page.text and 'href="/reset-password"' in page.text
    assert "send the invitation again" in page.text
