"""Reads for administration: the lists, searched by name (and email), a page at a time."""

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import QueryableAttribute, aliased

from app.accounts.models import Role, User
from app.extensions import db
from app.organisations.models import Cohort, Exchange, Organisation

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


def first_rows(query: Select, *, scalars: bool = True) -> list:
    rows = (
        db.session.scalars(query.limit(PAGE_SIZE))
        if scalars
        else db.session.execute(query.limit(PAGE_SIZE))
    )
    return list(rows)


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


def all_participants() -> list[User]:
    return list(
        db.session.scalars(select(User).where(User.role == Role.PARTICIPANT).order_by(User.name))
    )
