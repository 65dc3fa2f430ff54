"""The personal data the audit trail holds: what the person did, and what was done about them."""

from sqlalchemy import select, update

from app.accounts.models import User
from app.audit.models import AuditEvent
from app.extensions import db
from app.privacy.providers import PrivacyProvider, export_time


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
                    "at": export_time(e.created_at),
                }
                for e in events
            ],
            # Changes to who can see the person (cohorts joined and left, their exchanges).
            "changes_about_you": [
                {
                    "action": e.action,
                    "object_type": e.object_type,
                    "object_id": e.object_id,
                    "at": export_time(e.created_at),
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
