from datetime import timedelta

from sqlalchemy import select

from app.accounts.models import AccountToken, Role, User, utcnow
from app.extensions import db
from app.mail.models import OutboxEmail
from app.organisations.models import CohortMember
from tests.conftest import link_from, sign_in_as

NEW_PASSWORD = "mango tree under the rain"


def outbox(app, to: str) -> list[OutboxEmail]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(OutboxEmail).where(OutboxEmail.recipient == to).order_by(OutboxEmail.id)
            )
        )


def invite(client, cohort_id=0, **fields):
    data = {
        "email": "neema@example.org",
        "name": "Neema Kimaro",
        "role": "participant",
        "organisation_id": 0,
        "cohort_id": cohort_id,
        "locale": "sw",
    } | fields
    return client.post("/people/invite", data=data)


def test_an_invitee_sets_a_password_through_the_emailed_link(app, client, cohort, create_user):
    facilitator_id = cohort.courses[0].cohort_id
    with app.app_context():
        facilitator = db.session.scalar(
            select(User).join(CohortMember).where(CohortMember.cohort_id == facilitator_id)
        )
        db.session.expunge(facilitator)
    sign_in_as(client, facilitator)
    assert invite(client, cohort_id=cohort.id).status_code == 302

    [email] = outbox(app, "neema@example.org")
    assert email.language == "sw"
    client.post("/sign-out")
    link = link_from(email.body)
    assert client.get(link).status_code == 200
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 200
    with app.app_context():
        neema = db.session.scalar(select(User).where(User.email == "neema@example.org"))
        assert neema.password_hash and neema.role == Role.PARTICIPANT
        member = db.session.scalar(select(CohortMember).where(CohortMember.user_id == neema.id))
        assert member.cohort_id == cohort.id


def test_an_invitation_link_works_only_once(app, client, create_user):
    sign_in_as(client, create_user(Role.ADMIN))
    invite(client, locale="en")
    client.post("/sign-out")
    link = link_from(outbox(app, "neema@example.org")[0].body)
    client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    client.post("/sign-out")
    again = client.get(link)
    assert again.status_code == 410
    assert "This link no longer works" in again.text


def test_an_expired_invitation_is_refused(app, client, create_user):
    sign_in_as(client, create_user(Role.ADMIN))
    invite(client)
    client.post("/sign-out")
    with app.app_context():
        for token in db.session.scalars(select(AccountToken)):
            token.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    link = link_from(outbox(app, "neema@example.org")[0].body)
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 410
    with app.app_context():
        assert (
            db.session.scalar(select(User.password_hash).where(User.email == "neema@example.org"))
            is None
        )


def test_a_weak_or_mismatched_password_is_refused_and_the_link_stays_valid(
    app, client, create_user
):
    sign_in_as(client, create_user(Role.ADMIN))
    invite(client, locale="en")
    client.post("/sign-out")
    link = link_from(outbox(app, "neema@example.org")[0].body)
    short = client.post(link, data={"password": "short", "confirm": "short"})
    assert short.status_code == 400 and "at least 12 characters" in short.text
    common = client.post(link, data={"password": "password1234", "confirm": "password1234"})
    assert common.status_code == 400 and "too common" in common.text
    mismatch = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"})
    assert mismatch.status_code == 400 and "do not match" in mismatch.text
    assert (
        client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code
        == 302
    )


def test_a_duplicate_email_is_refused(app, client, create_user):
    create_user(Role.PARTICIPANT, email="neema@example.org")
    sign_in_as(client, create_user(Role.ADMIN))
    response = invite(client, email="NEEMA@example.org")
    assert response.status_code == 400
    assert "already exists" in response.text
    assert outbox(app, "neema@example.org") == []


def test_a_facilitator_may_invite_participants_only(app, client, create_user):
    sign_in_as(client, create_user(Role.FACILITATOR))
    response = invite(client, role="admin")
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "neema@example.org")) is None


def test_participants_and_partners_cannot_invite(client, create_user):
    for role in (Role.PARTICIPANT, Role.PARTNER):
        sign_in_as(client, create_user(role))
        assert client.get("/people/invite").status_code == 404
        assert invite(client).status_code == 404


def test_password_reset_by_emailed_link(app, client, create_user):
    user = create_user(Role.PARTICIPANT, email="grace@example.org")
    response = client.post("/reset-password", data={"email": "grace@example.org"})
    assert response.status_code == 302
    [email] = outbox(app, "grace@example.org")
    link = link_from(email.body)
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    client.post("/sign-out")
    signed_in = client.post("/sign-in", data={"email": user.email, "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    assert client.get(link).status_code == 410


def test_password_reset_does_not_reveal_whether_an_email_is_known(app, client, create_user):
    create_user(Role.PARTICIPANT, email="grace@example.org")
    known = client.post(
        "/reset-password", data={"email": "grace@example.org"}, follow_redirects=True
    )
    unknown = client.post(
        "/reset-password", data={"email": "nobody@example.org"}, follow_redirects=True
    )
    assert known.status_code == unknown.status_code == 200
    assert known.text == unknown.text
    assert outbox(app, "nobody@example.org") == []


def test_the_invitation_email_is_written_in_the_invitees_language(app, client, create_user):
    sign_in_as(client, create_user(Role.ADMIN))
    invite(client, locale="nb", email="kari@example.org")
    [email] = outbox(app, "kari@example.org")
    assert email.language == "nb"
    # Sanity: the English subject is not used when a Bokmål catalog exists.
    assert email.subject != "You are invited to Bru"


def test_passwords_from_breach_lists_are_refused(app):
    from app.accounts.passwords import common_passwords, password_problem

    assert len(common_passwords()) > 19_000  # the shipped offline list
    with app.test_request_context():
        assert password_problem("qwertyuiop123") is not None  # in the breach list
        assert password_problem("demo-password") is not None  # too obvious for Bru
        assert password_problem("mango tree under the rain") is None


def test_using_one_reset_link_cancels_the_others(app, client, create_user):
    create_user(Role.PARTICIPANT, email="grace@example.org")
    for _ in range(3):
        client.post("/reset-password", data={"email": "grace@example.org"})
    first, second, third = (link_from(e.body) for e in outbox(app, "grace@example.org"))
    assert client.get(first).status_code == 200
    assert (
        client.post(second, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code
        == 302
    )
    client.post("/sign-out")
    for link in (first, second, third):
        assert client.get(link).status_code == 410, link
        response = client.post(
            link, data={"password": "someone else's choice", "confirm": "someone else's choice"}
        )
        assert response.status_code == 410


def test_a_password_change_cancels_every_outstanding_link(app, client, create_user):
    from app.accounts.services import user_set_password

    user = create_user(Role.PARTICIPANT, email="grace@example.org")
    client.post("/reset-password", data={"email": "grace@example.org"})
    [email] = outbox(app, "grace@example.org")
    with app.app_context():
        user_set_password(user=db.session.get(User, user.id), password=NEW_PASSWORD)
        db.session.commit()
    assert client.get(link_from(email.body)).status_code == 410


def test_the_personal_data_export_holds_no_one_time_link(app, client, create_user):
    import io
    import json
    import zipfile

    admin = create_user(Role.ADMIN)
    sign_in_as(client, admin)
    invite(client, email="kari@example.org", locale="nb")
    client.post("/sign-out")
    [invitation] = outbox(app, "kari@example.org")
    client.post(
        link_from(invitation.body), data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    client.post("/sign-out")
    client.post("/reset-password", data={"email": "kari@example.org"})
    reset = outbox(app, "kari@example.org")[-1]
    reset_link = link_from(reset.body)
    client.post("/sign-in", data={"email": "kari@example.org", "password": NEW_PASSWORD})
    archive = zipfile.ZipFile(io.BytesIO(client.get("/privacy/export").data))
    data = json.loads(archive.read("data.json"))
    text = json.dumps(data)
    secrets = [link.rsplit("/", 1)[1] for link in (link_from(invitation.body), reset_link)]
    assert all(secret not in text for secret in secrets)
    # The emails are still there, with the link's place marked.
    bodies = [e["body"] for e in data["emails"]["emails"]]
    assert len(bodies) == 2 and all("/invitation/" in b or "/reset-password/" in b for b in bodies)
    client.post("/sign-out")
    assert client.get(reset_link).status_code == 200  # the link itself still works


def test_an_invitation_link_opened_while_signed_in_asks_before_signing_out(
    app, client, create_user
):
    admin = create_user(Role.ADMIN)
    sign_in_as(client, admin)
    invite(client, email="kari@example.org", locale="nb")
    link = link_from(outbox(app, "kari@example.org")[0].body)
    # The administrator opens the link (to check it, or a link someone sent them).
    page = client.get(link)
    assert page.status_code == 200
    assert admin.name in page.text
    assert 'action="/sign-out"' in page.text and f'name="next" value="{link}"' in page.text
    assert client.get("/admin/users").status_code == 200  # still signed in
    # Nor does a password sent from an old tab sign anyone out or set the password.
    client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert client.get("/admin/users").status_code == 200
    with app.app_context():
        kari = db.session.scalar(select(User).where(User.email == "kari@example.org"))
        assert kari.password_hash is None
    # Signing out from that page leads on to the invitation.
    response = client.post("/sign-out", data={"next": link})
    assert response.status_code == 302 and response.headers["Location"] == link
    assert 'autocomplete="new-password"' in client.get(link).text


def test_signing_out_never_leads_off_site(client, create_user):
    sign_in_as(client, create_user(Role.PARTICIPANT))
    response = client.post("/sign-out", data={"next": "//evil.example/"})
    assert response.headers["Location"] == "/sign-in"
