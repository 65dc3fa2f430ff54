"""A participant with something in every feature that holds personal data."""

from dataclasses import dataclass
from datetime import timedelta

import pytest

from app.accounts.models import AccountToken, Role, TokenPurpose, User, utcnow
from app.audit.models import AuditEvent
from app.exercises.models import ExerciseAnswer
from app.extensions import db
from app.journal.models import Audience, JournalComment, JournalDraft, JournalEntry
from app.learning.models import ModuleVisit, StepCompletion
from app.mail.models import OutboxEmail
from app.organisations.models import Cohort
from app.safeguarding.models import SafeguardingMessage, SafeguardingReport

NAME = "Zawadi Mushi"
EMAIL = "zawadi.mushi@example.org"
#: Words that appear only in the person's own data; none may survive an erasure.
SECRETS = [
    NAME,
    EMAIL,
    "Entry about the rainy season",
    "My reply to my facilitator",
    "A draft never saved",
    "Feedback from Amina",
    "My comment on someone else",
    "goal: learn Swahili",
    "Your invitation to Bru",
    "I saw something worrying",
    "Tell me more please",
]


@dataclass
class Person:
    user: User
    facilitator: User
    cohort: Cohort
    other: User
    entry_id: int
    other_entry_id: int


@pytest.fixture
def person(app, create_user, create_cohort, create_participant) -> Person:
    facilitator = create_user(Role.FACILITATOR, name="Amina Facilitator")
    cohort = create_cohort(facilitators=[facilitator])
    user = create_participant(cohort, phase="mid", name=NAME, email=EMAIL)
    other = create_participant(cohort, phase="mid", name="Other Participant")
    with app.app_context():
        entry = JournalEntry(
            author_id=user.id,
            title="Arrival",
            body="Entry about the rainy season",
            audience=Audience.FACILITATORS,
            phase="mid",
        )
        other_entry = JournalEntry(
            author_id=other.id, title="Theirs", body="Other's words", phase="mid"
        )
        db.session.add_all([entry, other_entry])
        db.session.flush()
        db.session.add_all(
            [
                JournalComment(
                    entry_id=entry.id, author_id=facilitator.id, body="Feedback from Amina"
                ),
                JournalComment(
                    entry_id=entry.id, author_id=user.id, body="My reply to my facilitator"
                ),
                JournalComment(
                    entry_id=other_entry.id, author_id=user.id, body="My comment on someone else"
                ),
                JournalDraft(
                    author_id=user.id, draft_key="draft-key-1", body="A draft never saved"
                ),
                ExerciseAnswer(
                    user_id=user.id,
                    cohort_id=cohort.id,
                    course_slug="preparatory",
                    module_slug="being-a-participant",
                    step_id="your-goals",
                    exercise_id="goals",
                    kind="goals",
                    answer={"text": "goal: learn Swahili"},
                ),
                StepCompletion(
                    user_id=user.id,
                    course_slug="preparatory",
                    module_slug="being-a-participant",
                    step_id="welcome",
                ),
                ModuleVisit(
                    user_id=user.id,
                    course_slug="preparatory",
                    module_slug="being-a-participant",
                    last_step_id="welcome",
                ),
                OutboxEmail(
                    recipient=EMAIL, subject="Your invitation to Bru", body="Hi", language="en"
                ),
                OutboxEmail(
                    recipient="someone@example.org", subject="Not theirs", body="x", language="en"
                ),
                AccountToken(
                    token_hash="a" * 64,
                    purpose=TokenPurpose.PASSWORD_RESET,
                    user_id=user.id,
                    expires_at=utcnow() + timedelta(hours=1),
                ),
                AuditEvent(
                    actor_id=user.id, action="journal_entry.read", object_type="x", object_id=1
                ),
            ]
        )
        report = SafeguardingReport(reporter_id=user.id, what_happened="I saw something worrying")
        db.session.add(report)
        db.session.flush()
        db.session.add(
            SafeguardingMessage(report_id=report.id, author_id=user.id, body="Tell me more please")
        )
        db.session.commit()
        entry_id, other_entry_id = entry.id, other_entry.id
    return Person(user, facilitator, cohort, other, entry_id, other_entry_id)
