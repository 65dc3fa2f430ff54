"""Every read of someone else's entry leaves an audit row (who, what, when — no content)."""

from sqlalchemy import inspect, select

from app.audit.models import AuditEvent
from app.extensions import db
from app.journal.models import Audience
from tests.conftest import sign_in_as


def events(app):
    with app.app_context():
        return [
            (e.actor_id, e.action, e.object_type, e.object_id)
            for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        ]


def test_reads_by_a_facilitator_and_a_partner_contact_are_recorded(app, world, create_entry):
    entry = create_entry(world.author, audience=Audience.PARTNERS)
    facilitator, contact = app.test_client(), app.test_client()
    sign_in_as(facilitator, world.facilitator)
    sign_in_as(contact, world.host_contact)

    facilitator.get(f"/journal/{entry.id}")
    facilitator.get(f"/journal/people/{world.author.id}")
    contact.get(f"/journal/{entry.id}.md")

    assert events(app) == [
        (world.facilitator.id, "journal_entry.read", "journal_entry", entry.id),
        (world.facilitator.id, "journal_entry.list", "journal_entry", entry.id),
        (world.host_contact.id, "journal_entry.export", "journal_entry", entry.id),
    ]


def test_the_author_reading_their_own_journal_leaves_no_trace(app, world, create_entry):
    entry = create_entry(world.author, audience=Audience.PARTNERS)
    client = app.test_client()
    sign_in_as(client, world.author)
    for url in ("/journal", f"/journal/{entry.id}", f"/journal/{entry.id}.md", "/journal/print"):
        assert client.get(url).status_code == 200
    assert client.get("/journal/export/zip").status_code == 200
    assert events(app) == []


def test_refused_reads_are_not_recorded_as_reads(app, world, create_entry):
    entry = create_entry(world.author, audience=Audience.PRIVATE)
    client = app.test_client()
    sign_in_as(client, world.facilitator)
    assert client.get(f"/journal/{entry.id}").status_code == 404
    assert events(app) == []


def test_an_audit_event_holds_no_content(app):
    columns = {c.key for c in inspect(AuditEvent).columns}
    assert columns == {
        "id",
        "actor_id",
        "action",
        "object_type",
        "object_id",
        "person_id",
        "reason",
        "created_at",
    }
