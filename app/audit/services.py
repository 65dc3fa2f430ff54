"""Writes to the audit trail. The caller commits, together with whatever was audited."""

from sqlalchemy import insert

from app.accounts.models import User, utcnow
from app.audit.models import AuditEvent
from app.extensions import db


def audit_record(
    *,
    actor: User | None,
    action: str,
    object_type: str,
    object_id: int,
    reason: str | None = None,
    person: User | None = None,
) -> AuditEvent:
    """`actor` None: done by a server command (`flask ...`), not through the web."""
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        reason=reason,
        person_id=person.id if person else None,
    )
    db.session.add(event)
    db.session.flush()
    return event


def audit_record_many(*, actor: User, action: str, object_type: str, object_ids: list[int]) -> None:
    """One event per object, written in one statement (a list of entries read at once)."""
    if not object_ids:
        return
    now = utcnow()
    db.session.execute(
        insert(AuditEvent),
        [
            {
                "actor_id": actor.id,
                "action": action,
                "object_type": object_type,
                "object_id": object_id,
                "created_at": now,
            }
            for object_id in object_ids
        ],
    )
