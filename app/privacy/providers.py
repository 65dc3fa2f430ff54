"""What personal data each feature holds, and how to export and erase it.

A registry of small classes with one contract, like Moodle's privacy providers: one provider
per feature, each with

- `name`: the key of its part in the export (data.json);
- `models`: every model of the feature that holds personal data; together the providers must
  claim every table with a foreign key to users.id (a test walks the metadata);
- `export(user) -> dict`: everything the feature holds about `user`, as JSON-ready values;
- `erase(user)`: removes (or detaches from the person) what `export` returns, keeping what
  aggregate figures need on the anonymised account. It flushes; the caller commits.

Erasure runs through the providers in reverse order: accounts, which anonymises the user row
(and so the email address the mail provider matches on), comes last.
Add a feature's personal data by adding a provider class to PRIVACY_PROVIDERS.
"""

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import delete, or_, select, true, update
from sqlalchemy.orm import aliased

from app.accounts.models import AccountToken, User
from app.accounts.services import one_time_links_removed
from app.audit.models import AuditEvent
from app.exercises.models import ExerciseAnswer
from app.extensions import db
from app.journal.models import JournalComment, JournalDraft, JournalEntry
from app.learning.models import ModuleVisit, StepCompletion
from app.mail.models import OutboxEmail
from app.organisations.models import Cohort, CohortMember, Exchange, Organisation
from app.privacy.models import ErasureRequest
from app.safeguarding.models import SafeguardingMessage, SafeguardingReport

#: What an erased account is called; its email becomes erased-<id>@invalid.
ERASED_NAME = "Erased participant"


def _when(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


class PrivacyProvider:
    name: ClassVar[str]
    models: ClassVar[tuple[type, ...]]

    def export(self, user: User) -> dict:
        raise NotImplementedError

    def erase(self, user: User) -> None:
        raise NotImplementedError


class AccountsProvider(PrivacyProvider):
    """The account itself and its one-time links.

    Erase: tokens deleted (and the person's name removed from tokens they created for others);
    the row anonymised, not deleted, so progress and cohort figures keep their count.
    """

    name = "account"
    models = (User, AccountToken)

    def export(self, user: User) -> dict:
        tokens = db.session.scalars(
            select(AccountToken).where(AccountToken.user_id == user.id).order_by(AccountToken.id)
        )
        return {
            "id": user.id,
            "name": user.name,
            "email": user.email,
            "role": user.role.value,
            "organisation": user.organisation.name if user.organisation else None,
            "language": user.locale,
            "time_zone": user.timezone,
            "active": user.active,
            "has_password": user.password_hash is not None,
            "created_at": _when(user.created_at),
            "last_seen_at": _when(user.last_seen_at),
            "links_sent": [
                {
                    "purpose": t.purpose.value,
                    "created_at": _when(t.created_at),
                    "expires_at": _when(t.expires_at),
                    "used_at": _when(t.used_at),
                }
                for t in tokens
            ],
        }

    def erase(self, user: User) -> None:
        db.session.execute(delete(AccountToken).where(AccountToken.user_id == user.id))
        db.session.execute(
            update(AccountToken)
            .where(AccountToken.created_by_id == user.id)
            .values(created_by_id=None)
            .execution_options(synchronize_session=False)
        )
        user.name = ERASED_NAME
        user.email = f"erased-{user.id}@invalid"
        user.password_hash = None
        user.active = False
        user.locale = None
        user.timezone = None
        user.last_seen_at = None
        # Every session of the account ends (signed cookies carry the version).
        user.session_version += 1
        db.session.flush()


class OrganisationsProvider(PrivacyProvider):
    """Exchanges (home and host organisation, dates) and cohort memberships.

    Erase: kept, attached to the anonymised account, so organisation and cohort figures do
    not change; without a name or an address they no longer identify the person.
    """

    name = "organisations"
    models = (Exchange, CohortMember)

    def export(self, user: User) -> dict:
        home, host = aliased(Organisation), aliased(Organisation)
        exchanges = db.session.execute(
            select(Exchange, home.name, host.name)
            .join(home, home.id == Exchange.home_organisation_id)
            .join(host, host.id == Exchange.host_organisation_id)
            .where(Exchange.participant_id == user.id)
            .order_by(Exchange.departs_on)
        ).all()
        memberships = db.session.execute(
            select(CohortMember.role, Cohort.name, Cohort.starts_on, Cohort.ends_on)
            .join(Cohort, Cohort.id == CohortMember.cohort_id)
            .where(CohortMember.user_id == user.id)
            .order_by(Cohort.starts_on, Cohort.id)
        ).all()
        return {
            "exchanges": [
                {
                    "home_organisation": home_name,
                    "host_organisation": host_name,
                    "departs_on": _when(exchange.departs_on),
                    "returns_on": _when(exchange.returns_on),
                }
                for exchange, home_name, host_name in exchanges
            ],
            "cohorts": [
                {
                    "cohort": name,
                    "role": role.value,
                    "starts_on": _when(starts),
                    "ends_on": _when(ends),
                }
                for role, name, starts, ends in memberships
            ],
        }

    def erase(self, user: User) -> None:
        """Nothing to remove: see the class docstring."""


class LearningProvider(PrivacyProvider):
    """Completed steps and where the person was in each module.

    Erase: the completed steps stay (cohort progress figures); the visits (a trail of when
    the person was where) are deleted.
    """

    name = "learning"
    models = (StepCompletion, ModuleVisit)

    def export(self, user: User) -> dict:
        completions = db.session.scalars(
            select(StepCompletion)
            .where(StepCompletion.user_id == user.id)
            .order_by(StepCompletion.completed_at, StepCompletion.id)
        )
        visits = db.session.scalars(
            select(ModuleVisit)
            .where(ModuleVisit.user_id == user.id)
            .order_by(ModuleVisit.visited_at, ModuleVisit.id)
        )
        return {
            "completed_steps": [
                {
                    "course": c.course_slug,
                    "module": c.module_slug,
                    "step": c.step_id,
                    "completed_at": _when(c.completed_at),
                }
                for c in completions
            ],
            "module_visits": [
                {
                    "course": v.course_slug,
                    "module": v.module_slug,
                    "last_step": v.last_step_id,
                    "visited_at": _when(v.visited_at),
                }
                for v in visits
            ],
        }

    def erase(self, user: User) -> None:
        db.session.execute(delete(ModuleVisit).where(ModuleVisit.user_id == user.id))
        db.session.flush()


class ExercisesProvider(PrivacyProvider):
    """Every answer to an exercise, goals and reflections-as-answers included. Erase: deleted."""

    name = "exercises"
    models = (ExerciseAnswer,)

    def export(self, user: User) -> dict:
        answers = db.session.scalars(
            select(ExerciseAnswer)
            .where(ExerciseAnswer.user_id == user.id)
            .order_by(ExerciseAnswer.created_at, ExerciseAnswer.id)
        )
        return {
            "answers": [
                {
                    "course": a.course_slug,
                    "module": a.module_slug,
                    "step": a.step_id,
                    "exercise": a.exercise_id,
                    "kind": a.kind,
                    "answer": a.answer,
                    "is_correct": a.is_correct,
                    "created_at": _when(a.created_at),
                }
                for a in answers
            ]
        }

    def erase(self, user: User) -> None:
        db.session.execute(delete(ExerciseAnswer).where(ExerciseAnswer.user_id == user.id))
        db.session.flush()


class JournalProvider(PrivacyProvider):
    """Entries, drafts, comments written by the person and comments on their entries.

    Erase: all deleted (comments on the person's entries go with the entries).
    """

    name = "journal"
    models = (JournalEntry, JournalDraft, JournalComment)

    def export(self, user: User) -> dict:
        entries = list(
            db.session.scalars(
                select(JournalEntry)
                .where(JournalEntry.author_id == user.id)
                .order_by(JournalEntry.created_at, JournalEntry.id)
            )
        )
        entry_ids = [e.id for e in entries]
        on_own = (
            db.session.execute(
                select(JournalComment, User.name)
                .outerjoin(User, User.id == JournalComment.author_id)
                .where(JournalComment.entry_id.in_(entry_ids))
                .order_by(JournalComment.id)
            ).all()
            if entry_ids
            else []
        )
        by_entry: dict[int, list[dict]] = {}
        for comment, author_name in on_own:
            by_entry.setdefault(comment.entry_id, []).append(
                {
                    "by": "you" if comment.author_id == user.id else author_name,
                    "body": comment.body,
                    "created_at": _when(comment.created_at),
                    "read_at": _when(comment.read_at),
                }
            )
        written_elsewhere = db.session.scalars(
            select(JournalComment)
            .where(
                JournalComment.author_id == user.id,
                JournalComment.entry_id.not_in(entry_ids) if entry_ids else true(),
            )
            .order_by(JournalComment.id)
        )
        drafts = db.session.scalars(
            select(JournalDraft).where(JournalDraft.author_id == user.id).order_by(JournalDraft.id)
        )
        return {
            "entries": [
                {
                    "id": e.id,
                    "title": e.title,
                    "body": e.body,
                    "audience": e.audience.value,
                    "phase": e.phase,
                    "course": e.course_slug,
                    "module": e.module_slug,
                    "exercise": e.exercise_id,
                    "theme": e.theme,
                    "created_at": _when(e.created_at),
                    "updated_at": _when(e.updated_at),
                    "comments": by_entry.get(e.id, []),
                }
                for e in entries
            ],
            "drafts": [
                {
                    "entry_id": d.entry_id,
                    "title": d.title,
                    "body": d.body,
                    "is_conflict": d.is_conflict,
                    "updated_at": _when(d.updated_at),
                }
                for d in drafts
            ],
            # On other people's entries: the person's own words only, not the entry.
            "comments_on_others_entries": [
                {"entry_id": c.entry_id, "body": c.body, "created_at": _when(c.created_at)}
                for c in written_elsewhere
            ],
        }

    def erase(self, user: User) -> None:
        own_entries = select(JournalEntry.id).where(JournalEntry.author_id == user.id)
        # Explicit deletes rather than ON DELETE CASCADE: SQLite enforces it only on request.
        db.session.execute(
            delete(JournalComment).where(
                or_(
                    JournalComment.author_id == user.id,
                    JournalComment.entry_id.in_(own_entries),
                )
            )
        )
        db.session.execute(
            delete(JournalDraft).where(
                or_(JournalDraft.author_id == user.id, JournalDraft.entry_id.in_(own_entries))
            )
        )
        db.session.execute(delete(JournalEntry).where(JournalEntry.author_id == user.id))
        db.session.flush()


class AuditProvider(PrivacyProvider):
    """Audit events where the person is the actor (what they did to others' data, and when),
    and those about the person (who was given access to them).

    Erase: the events stay (the trail survives), the actor becomes anonymous (None); events
    about the person keep pointing at the anonymised account.
    Events only name objects by id, so events about the person hold no content either.
    """

    name = "audit"
    models = (AuditEvent,)

    def export(self, user: User) -> dict:
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.actor_id == user.id).order_by(AuditEvent.id)
        )
        about = db.session.scalars(
            select(AuditEvent).where(AuditEvent.person_id == user.id).order_by(AuditEvent.id)
        )
        return {
            "your_actions": [
                {
                    "action": e.action,
                    "object_type": e.object_type,
                    "object_id": e.object_id,
                    "reason": e.reason,
                    "at": _when(e.created_at),
                }
                for e in events
            ],
            # Changes to who can see the person (cohorts joined and left, their exchanges).
            "changes_about_you": [
                {
                    "action": e.action,
                    "object_type": e.object_type,
                    "object_id": e.object_id,
                    "at": _when(e.created_at),
                }
                for e in about
            ],
        }

    def erase(self, user: User) -> None:
        db.session.execute(
            update(AuditEvent)
            .where(AuditEvent.actor_id == user.id)
            .values(actor_id=None)
            .execution_options(synchronize_session=False)
        )
        db.session.flush()


class MailProvider(PrivacyProvider):
    """Emails to the person's address, queued or sent. Erase: deleted.

    Matched on the address (the outbox has no user id), so this runs before the account is
    anonymised.
    """

    name = "emails"
    models = (OutboxEmail,)

    @staticmethod
    def _mine(user: User):
        return OutboxEmail.recipient == user.email

    def export(self, user: User) -> dict:
        emails = db.session.scalars(
            select(OutboxEmail).where(self._mine(user)).order_by(OutboxEmail.id)
        )
        return {
            "emails": [
                {
                    "subject": e.subject,
                    # A download of one's data is no key to the account.
                    "body": one_time_links_removed(e.body),
                    "language": e.language,
                    "status": e.status.value,
                    "created_at": _when(e.created_at),
                    "sent_at": _when(e.sent_at),
                }
                for e in emails
            ]
        }

    def erase(self, user: User) -> None:
        db.session.execute(delete(OutboxEmail).where(self._mine(user)))
        db.session.flush()


class PrivacyRequestsProvider(PrivacyProvider):
    """The person's erasure requests. Erase: kept, as the record that the erasure was done
    (dates and status only); the administrator who carried one out is unlinked when that
    administrator is erased."""

    name = "erasure_requests"
    models = (ErasureRequest,)

    def export(self, user: User) -> dict:
        requests = db.session.scalars(
            select(ErasureRequest)
            .where(ErasureRequest.user_id == user.id)
            .order_by(ErasureRequest.id)
        )
        return {
            "requests": [
                {
                    "status": r.status.value,
                    "origin": r.origin.value,
                    "requested_at": _when(r.requested_at),
                    "completed_at": _when(r.completed_at),
                }
                for r in requests
            ]
        }

    def erase(self, user: User) -> None:
        db.session.execute(
            update(ErasureRequest)
            .where(ErasureRequest.completed_by_id == user.id)
            .values(completed_by_id=None)
            .execution_options(synchronize_session=False)
        )
        db.session.flush()


class SafeguardingProvider(PrivacyProvider):
    """Reports of concern the person made, and the messages they wrote in report threads.

    Erase: the reports and messages stay with the safeguarding officers (a concern about
    someone else's safety is not the reporter's alone to withdraw) but are unlinked from the
    person: reporter and author become None, and nobody may contact them any more.
    """

    name = "safeguarding"
    models = (SafeguardingReport, SafeguardingMessage)

    def export(self, user: User) -> dict:
        reports = db.session.scalars(
            select(SafeguardingReport)
            .where(SafeguardingReport.reporter_id == user.id)
            .order_by(SafeguardingReport.id)
        ).all()
        report_ids = [r.id for r in reports]
        messages = db.session.scalars(
            select(SafeguardingMessage)
            .where(
                or_(
                    SafeguardingMessage.report_id.in_(report_ids),
                    SafeguardingMessage.author_id == user.id,
                )
            )
            .order_by(SafeguardingMessage.id)
        ).all()
        thread: dict[int, list[dict]] = {}
        for m in messages:
            thread.setdefault(m.report_id, []).append(
                {
                    "by": "you"
                    if m.author_id == user.id
                    else ("safeguarding officer" if m.from_officer else "reporter"),
                    "body": m.body,
                    "created_at": _when(m.created_at),
                }
            )
        return {
            "your_reports": [
                {
                    "id": r.id,
                    "what_happened": r.what_happened,
                    "people_involved": r.people_involved,
                    "may_contact": r.may_contact,
                    "status": r.status.value,
                    "created_at": _when(r.created_at),
                    "messages": thread.pop(r.id, []),
                }
                for r in reports
            ],
            # An officer's own messages on other people's reports.
            "your_messages_on_other_reports": [
                {"report_id": report_id, **m}
                for report_id, items in thread.items()
                for m in items
                if m["by"] == "you"
            ],
        }

    def erase(self, user: User) -> None:
        db.session.execute(
            update(SafeguardingReport)
            .where(SafeguardingReport.reporter_id == user.id)
            .values(reporter_id=None, may_contact=False)
            .execution_options(synchronize_session=False)
        )
        db.session.execute(
            update(SafeguardingMessage)
            .where(SafeguardingMessage.author_id == user.id)
            .values(author_id=None)
            .execution_options(synchronize_session=False)
        )
        db.session.flush()


PRIVACY_PROVIDERS: dict[str, PrivacyProvider] = {
    provider.name: provider
    for provider in (
        AccountsProvider(),
        OrganisationsProvider(),
        LearningProvider(),
        ExercisesProvider(),
        JournalProvider(),
        AuditProvider(),
        MailProvider(),
        PrivacyRequestsProvider(),
        SafeguardingProvider(),
    )
}


def claimed_tables() -> set[str]:
    return {model.__table__.name for p in PRIVACY_PROVIDERS.values() for model in p.models}
