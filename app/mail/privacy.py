"""The personal data the outbox holds: emails to the person's address."""

from sqlalchemy import delete, select

from app.accounts.models import User
from app.accounts.services import one_time_links_removed
from app.extensions import db
from app.mail.models import OutboxEmail
from app.privacy.providers import PrivacyProvider, export_time


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
                    "created_at": export_time(e.created_at),
                    "sent_at": export_time(e.sent_at),
                }
                for e in emails
            ]
        }

    def erase(self, user: User) -> None:
        db.session.execute(delete(OutboxEmail).where(self._mine(user)))
        db.session.flush()
