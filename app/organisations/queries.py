from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import aliased, joinedload

from app.accounts.models import User, utcnow
from app.extensions import db
from app.organisations.models import Cohort, CohortMember, Exchange, MemberRole, Organisation
from app.security import cohort_visible_to


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


#: How long the dashboard names a facilitator who recently became able to read one's data.
NEW_FOLLOWER_DAYS = 30


@dataclass(frozen=True)
class NewFollower:
    facilitator_name: str
    cohort_name: str
    #: When they became able to read: the later of the two memberships.
    since: datetime


def new_followers(participant: User, *, days: int = NEW_FOLLOWER_DAYS) -> list[NewFollower]:
    """Facilitators who became able to read what `participant` shares in the last `days`:
    the participant joined their cohort, or they joined the participant's. One query."""
    cutoff = utcnow() - timedelta(days=days)
    mine, theirs = aliased(CohortMember), aliased(CohortMember)
    rows = db.session.execute(
        select(User.name, Cohort.name, mine.created_at, theirs.created_at)
        .select_from(mine)
        .join(theirs, theirs.cohort_id == mine.cohort_id)
        .join(User, User.id == theirs.user_id)
        .join(Cohort, Cohort.id == mine.cohort_id)
        .where(
            mine.user_id == participant.id,
            mine.role == MemberRole.PARTICIPANT,
            theirs.role == MemberRole.FACILITATOR,
            or_(mine.created_at >= cutoff, theirs.created_at >= cutoff),
        )
    ).all()
    found = [
        NewFollower(name, cohort, max(d for d in (joined, led) if d is not None))
        for name, cohort, joined, led in rows
    ]
    return sorted(found, key=lambda f: (f.since, f.facilitator_name), reverse=True)


def organisations_by_name() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def organisation_by_id(organisation_id: int | None) -> Organisation | None:
    return db.session.get(Organisation, organisation_id) if organisation_id else None


def cohorts_visible_to(user: User) -> list[Cohort]:
    """The cohorts `user` takes part in or facilitates (all of them for an administrator),
    newest first."""
    return list(
        db.session.scalars(
            select(Cohort).where(cohort_visible_to(user)).order_by(Cohort.starts_on.desc())
        )
    )
