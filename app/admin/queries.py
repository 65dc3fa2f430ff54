"""Reads for administration: the lists, searched by name (and email), a page at a time."""

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import QueryableAttribute, aliased, joinedload

from app.accounts.models import AccountToken, Role, TokenPurpose, User, utcnow
from app.extensions import db
from app.organisations.models import Cohort, CohortMember, Exchange, Organisation

PAGE_SIZE = 50


def _like(text: str) -> str:
    """A LIKE pattern that matches `text` literally, case-insensitively."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def _contains(column: QueryableAttribute[str], text: str) -> ColumnElement[bool]:
    return func.lower(column).like(_like(text), escape="\\")


def organisations_matching(q: str) -> Select:
    query = select(Organisation).order_by(Organisation.name)
    return query.where(_contains(Organisation.name, q)) if q else query


def users_matching(q: str, role: Role | None) -> Select:
    query = select(User).order_by(User.name)
    if q:
        query = query.where(or_(_contains(User.name, q), _contains(User.email, q)))
    return query.where(User.role == role) if role else query


def cohorts_matching(q: str) -> Select:
    query = select(Cohort).order_by(Cohort.starts_on.desc())
    return query.where(_contains(Cohort.name, q)) if q else query


def exchanges_matching(q: str) -> Select:
    home, host = aliased(Organisation), aliased(Organisation)
    query = (
        select(Exchange, User, home, host)
        .join(User, User.id == Exchange.participant_id)
        .join(home, home.id == Exchange.home_organisation_id)
        .join(host, host.id == Exchange.host_organisation_id)
        .order_by(Exchange.departs_on.desc(), Exchange.id.desc())
    )
    if q:
        query = query.where(
            or_(_contains(User.name, q), _contains(home.name, q), _contains(host.name, q))
        )
    return query


@dataclass(frozen=True)
class Page:
    """One page of a list, and where it stands among the others."""

    rows: list
    number: int
    pages: int
    total: int


def page_of(query: Select, page: int, *, scalars: bool = True) -> Page:
    """Page `page` (from 1) of `query`'s rows; a page past the end shows the last one."""
    total = (
        db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    )
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(max(page, 1), pages)
    query = query.limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE)
    rows = db.session.scalars(query) if scalars else db.session.execute(query)
    return Page(rows=list(rows), number=number, pages=pages, total=total or 0)


def organisation_name_taken(name: str, *, except_id: int | None = None) -> bool:
    return (
        db.session.scalar(
            select(Organisation.id).where(
                func.lower(Organisation.name) == name.strip().lower(),
                Organisation.id != (except_id or 0),
            )
        )
        is not None
    )


def participants_for_exchange_form() -> list[tuple[User, bool]]:
    """Every participant, and whether they have an exchange already."""
    has_exchange = select(Exchange.id).where(Exchange.participant_id == User.id).exists()
    return [
        (user, bool(has))
        for user, has in db.session.execute(
            select(User, has_exchange).where(User.role == Role.PARTICIPANT).order_by(User.name)
        )
    ]


class InvitationState(enum.StrEnum):
    ACCEPTED = "accepted"
    PENDING = "pending"
    EXPIRED = "expired"


@dataclass(frozen=True)
class PersonOverview:
    """Where someone stands, for their page in administration."""

    invitation: InvitationState
    #: Until when the pending invitation works, or since when the last one has not.
    invitation_until: datetime | None
    cohorts: list[Cohort]
    exchanges: list[Exchange]


def person_overview(user: User) -> PersonOverview:
    latest = db.session.scalar(
        select(AccountToken)
        .where(AccountToken.user_id == user.id, AccountToken.purpose == TokenPurpose.INVITATION)
        .order_by(AccountToken.id.desc())
        .limit(1)
    )
    if user.password_hash is not None:
        state, until = InvitationState.ACCEPTED, None
    elif latest is not None and latest.used_at is None and latest.expires_at >= utcnow():
        state, until = InvitationState.PENDING, latest.expires_at
    else:
        state, until = InvitationState.EXPIRED, latest.expires_at if latest else None
    cohorts = db.session.scalars(
        select(Cohort)
        .join(CohortMember)
        .where(CohortMember.user_id == user.id)
        .order_by(Cohort.starts_on)
    )
    exchanges = db.session.scalars(
        select(Exchange)
        .where(Exchange.participant_id == user.id)
        .options(joinedload(Exchange.home_organisation), joinedload(Exchange.host_organisation))
        .order_by(Exchange.departs_on)
    )
    return PersonOverview(
        invitation=state, invitation_until=until, cohorts=list(cohorts), exchanges=list(exchanges)
    )
