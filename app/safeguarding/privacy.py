"""The personal data safeguarding holds: the person's reports and messages."""

from sqlalchemy import or_, select, update

from app.accounts.models import User
from app.extensions import db
from app.privacy.providers import PrivacyProvider, export_time
from app.safeguarding.models import SafeguardingMessage, SafeguardingReport


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
                    "created_at": export_time(m.created_at),
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
                    "created_at": export_time(r.created_at),
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
