"""Reads for privacy: erasure requests, and who has passed the retention period."""

from datetime import date, timedelta

from sqlalchemy import Exists, exists, func, select
from sqlalchemy.orm import InstrumentedAttribute, joinedload

from app.accounts.models import Role, User
from app.extensions import db
from app.organisations.models import Exchange
from app.privacy.models import ErasureRequest, ErasureStatus


def pending_request_of(user: User) -> ErasureRequest | None:
    return db.session.scalar(
        select(ErasureRequest)
        .where(ErasureRequest.user_id == user.id, ErasureRequest.status == ErasureStatus.PENDING)
        .order_by(ErasureRequest.id)
        .limit(1)
    )


def pending_requests() -> list[ErasureRequest]:
    """Waiting for an administrator, oldest first (the law gives a month)."""
    return list(
        db.session.scalars(
            select(ErasureRequest)
            .where(ErasureRequest.status == ErasureStatus.PENDING)
            .options(joinedload(ErasureRequest.user))
            .order_by(ErasureRequest.requested_at, ErasureRequest.id)
        )
    )


def completed_requests(*, limit: int = 50) -> list[ErasureRequest]:
    return list(
        db.session.scalars(
            select(ErasureRequest)
            .where(ErasureRequest.status == ErasureStatus.DONE)
            .order_by(ErasureRequest.completed_at.desc(), ErasureRequest.id.desc())
            .limit(limit)
        )
    )


def get_pending_request_or_none(request_id: int) -> ErasureRequest | None:
    return db.session.scalar(
        select(ErasureRequest)
        .where(ErasureRequest.id == request_id, ErasureRequest.status == ErasureStatus.PENDING)
        .options(joinedload(ErasureRequest.user))
    )


def is_erased(user_id: int | InstrumentedAttribute[int]) -> Exists:
    """A WHERE clause: the account has been erased (a request for it was carried out)."""
    return exists().where(
        ErasureRequest.user_id == user_id, ErasureRequest.status == ErasureStatus.DONE
    )


def retention_due(*, today: date, days: int) -> list[tuple[User, date]]:
    """Participants, not yet erased, whose latest exchange returned more than `days` ago;
    with that return date, oldest first. Participants without an exchange are never due."""
    cutoff = today - timedelta(days=days)
    latest = (
        select(Exchange.participant_id, func.max(Exchange.returns_on).label("returned_on"))
        .group_by(Exchange.participant_id)
        .subquery()
    )
    rows = db.session.execute(
        select(User, latest.c.returned_on)
        .join(latest, latest.c.participant_id == User.id)
        .where(
            User.role == Role.PARTICIPANT,
            latest.c.returned_on < cutoff,
            ~is_erased(User.id),
        )
        .order_by(latest.c.returned_on, User.id)
    ).all()
    return [(user, returned_on) for user, returned_on in rows]
