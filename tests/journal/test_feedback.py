"""Facilitators comment on shared entries; the participant is told on the dashboard and by
email in their own language, and can reply."""

from flask_babel import force_locale, format_date
from sqlalchemy import select

from app.accounts.models import Role
from app.extensions import db
from app.journal.models import Audience, JournalComment
from app.mail.models import OutboxEmail
from tests.conftest import all_rows, sign_in_as


def outbox(app):
    return all_rows(app, OutboxEmail)


def test_feedback_reaches_the_participant_by_email_in_their_language(
    app, create_user, create_cohort, create_participant, create_entry
):
    facilitator = create_user(Role.FACILITATOR, name="Amina Facilitator")
    cohort = create_cohort(facilitators=[facilitator])
    author = create_participant(cohort, phase="mid", locale="nb", name="Kari Nordmann")
    entry = create_entry(author, audience=Audience.FACILITATORS, body="Secret words")

    client = app.test_client()
    sign_in_as(client, facilitator)
    response = client.post(f"/journal/{entry.id}/comments", data={"body": "Well seen!"})
    assert response.status_code == 302

    (email,) = outbox(app)
    assert email.recipient == author.email
    assert email.language == "nb"
    with app.test_request_context(), force_locale("nb"):
        assert format_date(entry.created_at) in email.body
    assert "Amina Facilitator" in email.body
    assert f"/journal/{entry.id}" in email.body
    # No content of the entry or the comment leaves by email.
    assert "Secret words" not in email.body and "Well seen" not in email.body


def test_the_participant_sees_new_feedback_reads_it_and_replies(app, world, create_entry):
    entry = create_entry(world.author, audience=Audience.FACILITATORS)
    facilitator = app.test_client()
    sign_in_as(facilitator, world.facilitator)
    htmx = facilitator.post(
        f"/journal/{entry.id}/comments",
        data={"body": "What did <b>you</b> learn?"},
        headers={"HX-Request": "true"},
    )
    assert htmx.status_code == 200
    fragment = htmx.get_data(as_text=True)
    assert fragment.lstrip().startswith('<section id="comments"')
    assert "What did &lt;b&gt;you&lt;/b&gt; learn?" in fragment

    author = app.test_client()
    sign_in_as(author, world.author)
    dashboard = author.get("/dashboard").get_data(as_text=True)
    assert "You have new feedback on 1 journal entry." in dashboard
    assert "New feedback" in author.get("/journal").get_data(as_text=True)

    page = author.get(f"/journal/{entry.id}").get_data(as_text=True)
    assert "What did &lt;b&gt;you&lt;/b&gt; learn?" in page
    with app.app_context():
        comment = db.session.scalars(select(JournalComment)).one()
        assert comment.read_at is not None
    assert "new feedback" not in author.get("/dashboard").get_data(as_text=True)

    reply = author.post(f"/journal/{entry.id}/comments", data={"body": "Patience."})
    assert reply.status_code == 302
    assert len(outbox(app)) == 1  # the facilitator's feedback only; a reply sends nothing
    with app.app_context():
        replies = db.session.scalars(
            select(JournalComment).where(JournalComment.author_id == world.author.id)
        ).all()
        assert [r.body for r in replies] == ["Patience."]
        assert replies[0].read_at is not None
    assert "Patience." in facilitator.get(f"/journal/{entry.id}").get_data(as_text=True)


def test_partner_contacts_read_but_do_not_see_or_give_feedback(app, world, create_entry):
    entry = create_entry(world.author, audience=Audience.PARTNERS)
    facilitator = app.test_client()
    sign_in_as(facilitator, world.facilitator)
    facilitator.post(f"/journal/{entry.id}/comments", data={"body": "Between us two"})
    contact = app.test_client()
    sign_in_as(contact, world.home_contact)
    page = contact.get(f"/journal/{entry.id}")
    assert page.status_code == 200
    assert "Between us two" not in page.get_data(as_text=True)
    assert "Send feedback" not in page.get_data(as_text=True)
    assert contact.post(f"/journal/{entry.id}/comments", data={"body": "Hi"}).status_code == 404


def test_an_empty_comment_is_refused(app, world, create_entry):
    entry = create_entry(world.author, audience=Audience.FACILITATORS)
    client = app.test_client()
    sign_in_as(client, world.facilitator)
    response = client.post(f"/journal/{entry.id}/comments", data={"body": "  "})
    assert response.status_code == 400
    assert outbox(app) == []
