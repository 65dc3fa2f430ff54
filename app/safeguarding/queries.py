"""Reads for safeguarding. Who may see a report is decided once: `report_visible_to`."""

from flask import abort
from sqlalchemy import ColumnElement, false, func, select
from sqlalchemy.orm import joinedload, selectinload

from app.accounts.models import Role, User
from app.extensions import db
from app.safeguarding.models import ReportStatus, SafeguardingMessage, SafeguardingReport


def report_visible_to(user: User) -> ColumnElement[bool]:
    """A WHERE clause on SafeguardingReport: the reports `user` may read.

    Safeguarding officers: every report. Anyone else: the reports they made themselves.
    Nobody else — not administrators, not the reporter's facilitators or partner contacts.
    """
    if user.role == Role.SAFEGUARDING:
        return SafeguardingReport.id.is_not(None)
    if user.id is None:
        return false()
    return SafeguardingReport.reporter_id == user.id


def get_visible_report_or_404(user: User, report_id: int) -> SafeguardingReport:
    report = db.session.scalar(
        select(SafeguardingReport)
        .where(SafeguardingReport.id == report_id, report_visible_to(user))
        .options(
            joinedload(SafeguardingReport.reporter),
            selectinload(SafeguardingReport.messages).joinedload(SafeguardingMessage.author),
        )
    )
    if report is None:
        abort(404)
    return report


def reports_for_officers(
    status: ReportStatus | None = None,
) -> list[tuple[SafeguardingReport, int]]:
    """Every report (newest change first) with its number of messages; optionally one status."""
    counts = (
        select(SafeguardingMessage.report_id, func.count(SafeguardingMessage.id).label("n"))
        .group_by(SafeguardingMessage.report_id)
        .subquery()
    )
    query = (
        select(SafeguardingReport, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.report_id == SafeguardingReport.id)
        .options(joinedload(SafeguardingReport.reporter))
        .order_by(SafeguardingReport.updated_at.desc(), SafeguardingReport.id.desc())
    )
    if status is not None:
        query = query.where(SafeguardingReport.status == status)
    return [(report, n) for report, n in db.session.execute(query).all()]


def reports_of(user: User) -> list[SafeguardingReport]:
    """The reports `user` made, newest first."""
    return list(
        db.session.scalars(
            select(SafeguardingReport)
            .where(SafeguardingReport.reporter_id == user.id)
            .order_by(SafeguardingReport.created_at.desc(), SafeguardingReport.id.desc())
        )
    )


def safeguarding_officers() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.role == Role.SAFEGUARDING, User.active.is_(True))
            .order_by(User.id)
        )
    )
