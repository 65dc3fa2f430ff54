"""The personal data the privacy feature itself holds: the person's erasure requests."""

from sqlalchemy import select, update

from app.accounts.models import User
from app.extensions import db
from app.privacy.models import ErasureRequest
from app.privacy.providers import PrivacyProvider, export_time


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
                    "requested_at": export_time(r.requested_at),
                    "completed_at": export_time(r.completed_at),
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
