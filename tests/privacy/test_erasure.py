"""A person asks for erasure; an administrator carries it out; what is left is not personal."""

import json

import pytest
from sqlalchemy import func, select

from app.accounts.models import AccountToken, Role, User
from app.audit.models import AuditEvent
from app.exercises.models import ExerciseAnswer
from app.extensions import db
from app.journal.models import JournalComment, JournalDraft, JournalEntry
from app.learning.models import ModuleVisit, StepCompletion
from app.mail.models import OutboxEmail
from app.organisations.models import CohortMember, Exchange
from app.privacy.export import personal_data
from app.privacy.models import ErasureRequest, ErasureStatus
from app.safeguarding.models import SafeguardingMessage, SafeguardingReport
from tests.conftest import sign_in_as
from tests.privacy.conftest import EMAIL, SECRETS


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def requests_of(app, user_id) -> list[tuple[ErasureStatus, int | None]]:
    with app.app_context():
        return [
            (r.status, r.completed_by_id)
            for r in db.session.scalars(
                select(ErasureRequest).where(ErasureRequest.user_id == user_id)
            )
        ]


@pytest.fixture
def admin(create_user):
    return create_user(Role.ADMIN, locale="nb")


def ask_for_erasure(app, user) -> None:
    client = app.test_client()
    sign_in_as(client, user)
    assert client.post("/privacy/erasure", data={"confirm": "y"}).status_code == 302


def test_asking_for_erasure_needs_confirmation_and_tells_the_admins(app, client, person, admin):
    sign_in_as(client, person.user)
    page = client.get("/privacy/erasure")
    assert page.status_code == 200 and 'name="confirm"' in page.text

    refused = client.post("/privacy/erasure", data={})
    assert refused.status_code == 400 and "Tick the box to confirm." in refused.text
    assert requests_of(app, person.user.id) == []

    assert client.post("/privacy/erasure", data={"confirm": "y"}).status_code == 302
    assert client.post("/privacy/erasure", data={"confirm": "y"}).status_code == 200
    assert requests_of(app, person.user.id) == [(ErasureStatus.PENDING, None)]
    assert "You asked for erasure" in client.get("/privacy/erasure").text

    with app.app_context():
        (notice,) = db.session.scalars(
            select(OutboxEmail).where(OutboxEmail.recipient == admin.email)
        ).all()
    assert notice.language == "nb"
    assert "/admin/privacy" in notice.body
    assert person.user.name not in notice.body and person.user.email not in notice.body


def test_a_pending_request_can_be_withdrawn(app, client, person):
    ask_for_erasure(app, person.user)
    sign_in_as(client, person.user)
    assert client.post("/privacy/erasure/cancel").status_code == 302
    assert requests_of(app, person.user.id) == [(ErasureStatus.CANCELLED, None)]


@pytest.mark.parametrize(
    "role", [Role.PARTICIPANT, Role.FACILITATOR, Role.PARTNER, Role.SAFEGUARDING]
)
def test_only_admins_see_and_carry_out_requests(app, client, create_user, person, role):
    ask_for_erasure(app, person.user)
    with app.app_context():
        request_id = db.session.scalar(select(ErasureRequest.id))
    sign_in_as(client, create_user(role))
    assert client.get("/admin/privacy").status_code == 404
    response = client.post(f"/admin/privacy/requests/{request_id}/erase", data={"confirm": "y"})
    assert response.status_code == 404
    assert requests_of(app, person.user.id) == [(ErasureStatus.PENDING, None)]


def test_the_admin_page_lists_pending_requests_and_the_nav_links_to_it(app, client, person, admin):
    ask_for_erasure(app, person.user)
    sign_in_as(client, admin)
    assert "/admin/privacy" in client.get("/admin/users").text
    page = client.get("/admin/privacy")
    assert page.status_code == 200
    assert person.user.name in page.text and person.user.email in page.text


def test_carrying_out_an_erasure(app, client, person, admin):
    ask_for_erasure(app, person.user)
    victim_client = app.test_client()
    sign_in_as(victim_client, person.user)
    user_id = person.user.id
    with app.app_context():
        request_id = db.session.scalar(select(ErasureRequest.id))
        members_before = db.session.scalar(
            select(func.count()).where(CohortMember.cohort_id == person.cohort.id)
        )
    sign_in_as(client, admin)

    # Without the confirmation, nothing happens.
    client.post(f"/admin/privacy/requests/{request_id}/erase", data={})
    assert requests_of(app, user_id) == [(ErasureStatus.PENDING, None)]

    response = client.post(
        f"/admin/privacy/requests/{request_id}/erase", data={"confirm": "y"}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "Dataene til personen er slettet." in response.text  # the admin reads Bokmål
    assert requests_of(app, user_id) == [(ErasureStatus.DONE, admin.id)]

    # Personal data: gone.
    assert count(app, JournalEntry, JournalEntry.author_id == user_id) == 0
    assert count(app, JournalComment, JournalComment.entry_id == person.entry_id) == 0
    assert count(app, JournalComment, JournalComment.author_id == user_id) == 0
    assert count(app, JournalDraft, JournalDraft.author_id == user_id) == 0
    assert count(app, ExerciseAnswer, ExerciseAnswer.user_id == user_id) == 0
    assert count(app, ModuleVisit, ModuleVisit.user_id == user_id) == 0
    assert count(app, AccountToken, AccountToken.user_id == user_id) == 0
    assert count(app, OutboxEmail, OutboxEmail.recipient == EMAIL) == 0
    # Others' data: untouched.
    assert count(app, JournalEntry, JournalEntry.id == person.other_entry_id) == 1
    assert count(app, OutboxEmail, OutboxEmail.recipient == "someone@example.org") == 1

    # Figures: kept, on the anonymised account.
    assert count(app, StepCompletion, StepCompletion.user_id == user_id) == 1
    assert count(app, Exchange, Exchange.participant_id == user_id) == 1
    assert count(app, CohortMember, CohortMember.cohort_id == person.cohort.id) == members_before

    with app.app_context():
        user = db.session.get(User, user_id)
        assert user.name == "Erased participant"
        assert user.email == f"erased-{user_id}@invalid"
        assert user.password_hash is None and not user.active
        assert user.session_version == person.user.session_version + 1
        assert user.role == Role.PARTICIPANT
        # The audit trail keeps the person's past action, without them as actor.
        assert (
            db.session.scalar(
                select(AuditEvent.actor_id).where(AuditEvent.action == "journal_entry.read")
            )
            is None
        )
        erasure = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.erase"))
        assert (erasure.actor_id, erasure.object_type, erasure.object_id) == (
            admin.id,
            "user",
            user_id,
        )
        assert erasure.reason is None
        # A report of concern stays with the officers, no longer linked to the person.
        report = db.session.scalar(select(SafeguardingReport))
        assert report.reporter_id is None and not report.may_contact
        assert db.session.scalar(select(SafeguardingMessage.author_id)) is None

        # Exporting now returns nothing personal.
        exported = json.dumps(personal_data(user))
    for secret in SECRETS:
        assert secret not in exported, secret

    # The person's sessions have ended.
    assert victim_client.get("/dashboard").status_code == 302
    page = client.get("/admin/privacy").text
    assert "Ingen forespørsler venter." in page and f"#{user_id}" in page


def test_an_admin_cannot_erase_their_own_account(app, client, admin):
    ask_for_erasure(app, admin)
    with app.app_context():
        request_id = db.session.scalar(select(ErasureRequest.id))
    sign_in_as(client, admin)
    client.post(f"/admin/privacy/requests/{request_id}/erase", data={"confirm": "y"})
    assert requests_of(app, admin.id) == [(ErasureStatus.PENDING, None)]
    with app.app_context():
        assert db.session.get(User, admin.id).active


def test_erasing_a_facilitator_removes_their_comments_on_others_entries(app, person, admin):
    from app.privacy.services import user_erase

    with app.app_context():
        user_erase(
            user=db.session.get(User, person.facilitator.id), by=db.session.get(User, admin.id)
        )
        db.session.commit()
    assert count(app, JournalComment, JournalComment.body == "Feedback from Amina") == 0
    # The participant's entry and their own reply are theirs: kept.
    assert count(app, JournalComment, JournalComment.entry_id == person.entry_id) == 1
    assert requests_of(app, person.facilitator.id) == [(ErasureStatus.DONE, admin.id)]


def test_an_admin_s_edit_of_an_account_is_audited_without_content(app, client, person, admin):
    sign_in_as(client, admin)
    response = client.post(
        f"/admin/users/{person.user.id}",
        data={"name": "New Name Here", "role": "participant", "organisation_id": 0, "active": "y"},
    )
    assert response.status_code == 302
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.update"))
        assert (event.actor_id, event.object_type, event.object_id) == (
            admin.id,
            "user",
            person.user.id,
        )
        assert event.reason is None
