"""The facilitators' feedback inbox: shared entries waiting for an answer, oldest first."""

from datetime import timedelta

from sqlalchemy import select

from app.accounts.models import utcnow
from app.audit.models import AuditEvent
from app.extensions import db
from app.journal.models import Audience, JournalComment, JournalEntry
from tests.conftest import sign_in_as


def test_the_inbox_lists_shared_unanswered_entries_oldest_first(app, client, world, create_entry):
    old = create_entry(world.author, Audience.FACILITATORS, title="Older reflection")
    new = create_entry(world.author, Audience.PARTNERS, title="Newer reflection")
    create_entry(world.author, Audience.PRIVATE, title="Private thoughts")
    with app.app_context():
        db.session.get(JournalEntry, old.id).updated_at = utcnow() - timedelta(days=3)
        db.session.commit()
    sign_in_as(client, world.facilitator)
    page = client.get("/feedback").text
    assert page.index("Older reflection") < page.index("Newer reflection")
    assert "Private thoughts" not in page
    sign_in_as(client, world.other_facilitator)
    other = client.get("/feedback").text
    assert "Older reflection" not in other and "Newer reflection" not in other
    assert new.id


def test_answering_from_the_inbox_sends_feedback_and_clears_the_entry(
    app, client, world, create_entry
):
    entry = create_entry(world.author, Audience.FACILITATORS, title="Please read")
    sign_in_as(client, world.facilitator)
    response = client.post(
        f"/feedback/{entry.id}",
        data={"body": "Thank you, well observed."},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "Your feedback is sent" in response.text
    assert "Please read" not in client.get("/feedback").text
    with app.app_context():
        comment = db.session.scalar(select(JournalComment))
        assert (
            comment.body == "Thank you, well observed."
            and comment.author_id == world.facilitator.id
        )


def test_a_reply_from_the_participant_puts_the_entry_back_in_the_inbox(
    app, client, world, create_entry
):
    entry = create_entry(world.author, Audience.FACILITATORS, title="Back and forth")
    sign_in_as(client, world.facilitator)
    client.post(f"/feedback/{entry.id}", data={"body": "What would you try next?"})
    sign_in_as(client, world.author)
    client.post(f"/journal/{entry.id}/comments", data={"body": "Ask my colleague first."})
    sign_in_as(client, world.facilitator)
    assert "Back and forth" in client.get("/feedback").text


def test_empty_feedback_is_refused_and_other_cohorts_entries_are_404(
    app, client, world, create_entry
):
    entry = create_entry(world.author, Audience.FACILITATORS)
    sign_in_as(client, world.facilitator)
    empty = client.post(f"/feedback/{entry.id}", data={"body": "  "})
    assert empty.status_code == 400 and "Write your comment first." in empty.text
    sign_in_as(client, world.other_facilitator)
    assert client.post(f"/feedback/{entry.id}", data={"body": "Hi"}).status_code == 404
    for who in (world.home_contact, world.author, world.admin):
        sign_in_as(client, who)
        assert client.get("/feedback").status_code == 404


def test_the_participant_detail_lists_shared_entries_and_records_the_read(
    app, client, world, create_entry, create_cohort
):
    shared = create_entry(world.author, Audience.FACILITATORS, title="Shared with you")
    create_entry(world.author, Audience.PRIVATE, title="Kept private")
    with app.app_context():
        from app.organisations.models import CohortMember

        cohort_id = db.session.scalar(
            select(CohortMember.cohort_id).where(CohortMember.user_id == world.author.id)
        )
    sign_in_as(client, world.facilitator)
    page = client.get(f"/cohorts/{cohort_id}/participants/{world.author.id}").text
    assert "Shared with you" in page and "Kept private" not in page
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.object_id == shared.id))
        assert event.actor_id == world.facilitator.id and event.action == "journal_entry.list"
