"""One rule decides who reads an entry; every journal URL follows it (a 404 outside it)."""

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.journal.models import Audience
from tests.conftest import sign_in_as

PRIVATE, FACILITATORS, PARTNERS = Audience.PRIVATE, Audience.FACILITATORS, Audience.PARTNERS

#: viewer -> the audiences under which they may read the entry.
READERS = {
    "author": {PRIVATE, FACILITATORS, PARTNERS},
    "facilitator": {FACILITATORS, PARTNERS},
    "other_facilitator": set(),
    "home_contact": {PARTNERS},
    "host_contact": {PARTNERS},
    "unrelated_contact": set(),
    "other_participant": set(),
    "admin": set(),
}
#: viewer -> may comment on an entry they can read.
COMMENTERS = {"author", "facilitator"}


def urls(world, entry, viewer: str) -> dict[str, str]:
    own = viewer == "author"
    return {
        "list": "/journal" if own else f"/journal/people/{world.author.id}",
        "detail": f"/journal/{entry.id}",
        "export": f"/journal/{entry.id}.md",
    }


@pytest.mark.parametrize("audience", [PRIVATE, FACILITATORS, PARTNERS])
@pytest.mark.parametrize("viewer", sorted(READERS))
def test_each_relationship_reads_only_what_was_shared_with_it(
    app, world, create_entry, viewer, audience
):
    entry = create_entry(world.author, audience=audience, body="A *private* thought")
    client = app.test_client()
    sign_in_as(client, getattr(world, viewer))
    may_read = audience in READERS[viewer]

    for kind, url in urls(world, entry, viewer).items():
        response = client.get(url)
        assert response.status_code == (200 if may_read else 404), (kind, url)
        if may_read and kind == "detail":
            assert b"<em>private</em>" in response.data
        if not may_read:
            assert b"private</em>" not in response.data

    feedback = client.post(f"/journal/{entry.id}/comments", data={"body": "Thank you."})
    may_comment = may_read and viewer in COMMENTERS
    assert feedback.status_code == (302 if may_comment else 404)


def test_a_facilitator_of_another_cohort_is_not_told_the_entry_exists(app, world, create_entry):
    shared = create_entry(world.author, audience=FACILITATORS)
    client = app.test_client()
    sign_in_as(client, world.other_facilitator)
    missing = client.get("/journal/999999")
    hidden = client.get(f"/journal/{shared.id}")
    assert hidden.status_code == missing.status_code == 404
    # The same page, but for the path in the language switcher.
    assert hidden.data.replace(f"/journal/{shared.id}".encode(), b"/journal/999999") == (
        missing.data
    )


def test_withdrawing_sharing_closes_the_entry_again(app, world, create_entry):
    entry = create_entry(world.author, audience=PARTNERS)
    facilitator, author = app.test_client(), app.test_client()
    sign_in_as(facilitator, world.facilitator)
    sign_in_as(author, world.author)
    assert facilitator.get(f"/journal/{entry.id}").status_code == 200

    response = author.post(f"/journal/{entry.id}/audience", data={"audience": "private"})
    assert response.status_code == 302
    assert facilitator.get(f"/journal/{entry.id}").status_code == 404
    page = author.get(f"/journal/{entry.id}").get_data(as_text=True)
    assert "Only you can read this entry." in page


def test_only_the_author_changes_sharing_or_edits(app, world, create_entry):
    entry = create_entry(world.author, audience=FACILITATORS)
    client = app.test_client()
    sign_in_as(client, world.facilitator)
    assert client.post(f"/journal/{entry.id}/audience", data={"audience": "partners"}).status_code
    assert client.get(f"/journal/{entry.id}/edit").status_code == 404
    other = app.test_client()
    sign_in_as(other, world.other_participant)
    assert other.post(f"/journal/{entry.id}/audience", data={"audience": "partners"}).status_code
    assert other.get(f"/journal/{entry.id}/edit").status_code == 404
    with app.app_context():
        from app.journal.models import JournalEntry

        assert db.session.get(JournalEntry, entry.id).audience == FACILITATORS


def test_every_entry_says_in_words_who_can_read_it(app, world, create_entry):
    client = app.test_client()
    sign_in_as(client, world.author)
    expected = {
        PRIVATE: "Only you can read this entry.",
        FACILITATORS: "You and the facilitators of your cohort can read this entry.",
        PARTNERS: "You, the facilitators of your cohort and the contact people at your home "
        "and host organisations can read this entry.",
    }
    for audience, words in expected.items():
        entry = create_entry(world.author, audience=audience)
        assert words in client.get(f"/journal/{entry.id}").get_data(as_text=True)


def test_an_administrator_reads_only_through_the_audited_action(app, world, create_entry):
    entry = create_entry(world.author, audience=PRIVATE, body="Something I told no one")
    client = app.test_client()
    sign_in_as(client, world.admin)
    assert client.get(f"/journal/{entry.id}").status_code == 404
    assert client.get(f"/journal/{entry.id}.md").status_code == 404
    assert client.get(f"/journal/people/{world.author.id}").status_code == 404

    form = client.get(f"/journal/{entry.id}/admin-read")
    assert form.status_code == 200
    assert b"Something I told no one" not in form.data
    # The list for administrators shows dates and sharing, no titles or text.
    listing = client.get(f"/journal/admin/people/{world.author.id}")
    assert listing.status_code == 200
    assert b"On arriving" not in listing.data

    refused = client.post(f"/journal/{entry.id}/admin-read", data={"reason": "short"})
    assert refused.status_code == 400
    with app.app_context():
        assert db.session.scalars(select(AuditEvent)).all() == []

    reason = "Safeguarding concern raised by the host organisation"
    response = client.post(f"/journal/{entry.id}/admin-read", data={"reason": reason})
    assert response.status_code == 200
    assert b"Something I told no one" in response.data
    with app.app_context():
        event = db.session.scalars(select(AuditEvent)).one()
        assert (event.actor_id, event.action, event.object_type, event.object_id) == (
            world.admin.id,
            "journal_entry.admin_read",
            "journal_entry",
            entry.id,
        )
        assert event.reason == reason


def test_the_audited_read_is_for_administrators_only(app, world, create_entry):
    entry = create_entry(world.author, audience=FACILITATORS)
    client = app.test_client()
    sign_in_as(client, world.facilitator)
    response = client.post(f"/journal/{entry.id}/admin-read", data={"reason": "x" * 20})
    assert response.status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(app, world, create_entry):
    entry = create_entry(world.author)
    response = app.test_client().get(f"/journal/{entry.id}")
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]
