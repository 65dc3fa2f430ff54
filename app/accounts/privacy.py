"""The personal data the accounts feature holds: the account and its one-time links."""

from sqlalchemy import delete, select, update

from app.accounts.models import AccountToken, User
from app.accounts.services import user_sessions_end
from app.extensions import db
from app.privacy.providers import ERASED_NAME, PrivacyProvider, export_time


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
            "created_at": export_time(user.created_at),
            "last_seen_at": export_time(user.last_seen_at),
            "links_sent": [
                {
                    "purpose": t.purpose.value,
                    "created_at": export_time(t.created_at),
                    "expires_at": export_time(t.expires_at),
                    "used_at": export_time(t.used_at),
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
        user_sessions_end(user=user)
        db.session.flush()
