"""Privacy writes: erasure requests and the erasure itself. Services flush; the caller commits."""

from sqlalchemy import select, update

from app.accounts.models import Role, User, utcnow
from app.audit.models import AuditEvent
from app.audit.services import audit_record
from app.extensions import db
from app.mail.services import email_queue, public_link
from app.privacy.models import ErasureOrigin, ErasureRequest, ErasureStatus
from app.privacy.providers import PRIVACY_PROVIDERS
from app.privacy.queries import pending_request_of


class ErasureRefused(ValueError):
    """An erasure that must not happen (e.g. an administrator erasing their own account)."""


def erasure_request_create(*, user: User) -> ErasureRequest:
    """Ask for erasure; asking again while a request is pending returns that request.

    The administrators are told by email that a request is waiting (not who asked).
    """
    pending = pending_request_of(user)
    if pending is not None:
        return pending
    request = ErasureRequest(user_id=user.id, status=ErasureStatus.PENDING)
    db.session.add(request)
    db.session.flush()
    admins = db.session.scalars(
        select(User).where(User.role == Role.ADMIN, User.active.is_(True), User.id != user.id)
    )
    link = public_link("privacy.admin_requests")
    for admin in admins:
        email_queue(to=admin, template="privacy_erasure_requested", link=link)
    return request


def erasure_request_cancel(*, request: ErasureRequest) -> None:
    if request.status != ErasureStatus.PENDING:
        raise ErasureRefused("only a pending request can be withdrawn")
    request.status = ErasureStatus.CANCELLED
    request.completed_at = utcnow()
    db.session.flush()


def user_erase(
    *,
    user: User,
    by: User | None,
    request: ErasureRequest | None = None,
    origin: ErasureOrigin = ErasureOrigin.REQUEST,
) -> ErasureRequest:
    """Erase `user`'s personal data through every privacy provider, and record it.

    `by` is the administrator carrying it out (None for the retention command). The request
    is marked done (one is created when there is none); the act is audited without content.
    """
    if by is not None and by.id == user.id:
        raise ErasureRefused("an administrator cannot erase their own account")
    user_id = user.id
    for provider in reversed(PRIVACY_PROVIDERS.values()):
        provider.erase(user)
    now = utcnow()
    if request is None:
        request = ErasureRequest(user_id=user_id, origin=origin, requested_at=now)
        db.session.add(request)
    request.status = ErasureStatus.DONE
    request.completed_at = now
    request.completed_by_id = by.id if by else None
    db.session.flush()
    # Any other request of the same person is settled by this erasure.
    db.session.execute(
        update(ErasureRequest)
        .where(
            ErasureRequest.user_id == user_id,
            ErasureRequest.status == ErasureStatus.PENDING,
            ErasureRequest.id != request.id,
        )
        .values(
            status=ErasureStatus.DONE, completed_at=now, completed_by_id=request.completed_by_id
        )
        .execution_options(synchronize_session=False)
    )
    if by is not None:
        audit_record(actor=by, action="user.erase", object_type="user", object_id=user_id)
    else:
        db.session.add(
            AuditEvent(
                actor_id=None,
                action="user.erase_retention",
                object_type="user",
                object_id=user_id,
            )
        )
    db.session.flush()
    return request
