from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.accounts.models import User
from app.extensions import db
from app.organisations.models import Cohort, CohortMember, Exchange, MemberRole


def current_exchange(user: User) -> Exchange | None:
    """The participant's latest exchange (by departure), with both organisations loaded."""
    return db.session.scalar(
        select(Exchange)
        .where(Exchange.participant_id == user.id)
        .options(joinedload(Exchange.home_organisation), joinedload(Exchange.host_organisation))
        .order_by(Exchange.departs_on.desc())
        .limit(1)
    )


def participant_cohorts(user: User) -> list[Cohort]:
    """The cohorts a participant is in, with their courses: one query on every page."""
    return list(
        db.session.scalars(
            select(Cohort)
            .join(CohortMember)
            .where(CohortMember.user_id == user.id, CohortMember.role == MemberRole.PARTICIPANT)
            .options(joinedload(Cohort.courses))
            .order_by(Cohort.starts_on)
        ).unique()
    )
