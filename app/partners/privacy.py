"""The personal data the partners feature holds: the host partner's answers to a participant's
work plan, and its view at the mid-term review."""

from sqlalchemy import delete, select, update

from app.accounts.models import User
from app.extensions import db
from app.organisations.models import Exchange
from app.partners.models import MidTermView, WorkPlanReview
from app.privacy.providers import PrivacyProvider, export_time


class PartnersProvider(PrivacyProvider):
    """For a participant: the answers to their work plans and the views of their exchanges.
    For a partner contact: what they wrote.

    Erase: a participant's are deleted (they are about the participant); a contact's stay
    with the participant's exchange, unlinked from the contact (author becomes None).
    """

    name = "partners"
    models = (WorkPlanReview, MidTermView)

    def export(self, user: User) -> dict:
        reviews = db.session.scalars(
            select(WorkPlanReview)
            .where(
                (WorkPlanReview.participant_id == user.id) | (WorkPlanReview.reviewer_id == user.id)
            )
            .order_by(WorkPlanReview.id)
        )
        own_exchanges = select(Exchange.id).where(Exchange.participant_id == user.id)
        views = db.session.scalars(
            select(MidTermView)
            .where(MidTermView.exchange_id.in_(own_exchanges) | (MidTermView.author_id == user.id))
            .order_by(MidTermView.id)
        )
        return {
            "work_plan_answers": [
                {
                    "about_you": r.participant_id == user.id,
                    "written_by_you": r.reviewer_id == user.id,
                    "response": r.response.value,
                    "comment": r.comment,
                    "created_at": export_time(r.created_at),
                }
                for r in reviews
            ],
            "mid_term_views": [
                {
                    "written_by_you": v.author_id == user.id,
                    "text": v.text,
                    "requested_at": export_time(v.requested_at),
                    "written_at": export_time(v.written_at),
                }
                for v in views
            ],
        }

    def erase(self, user: User) -> None:
        own_exchanges = select(Exchange.id).where(Exchange.participant_id == user.id)
        db.session.execute(delete(WorkPlanReview).where(WorkPlanReview.participant_id == user.id))
        db.session.execute(delete(MidTermView).where(MidTermView.exchange_id.in_(own_exchanges)))
        for model, column in ((WorkPlanReview, "reviewer_id"), (MidTermView, "author_id")):
            db.session.execute(
                update(model)
                .where(getattr(model, column) == user.id)
                .values({column: None})
                .execution_options(synchronize_session=False)
            )
        db.session.flush()
