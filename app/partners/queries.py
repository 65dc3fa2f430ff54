"""A partner organisation's view of its own participants: sent and hosted, nobody else's."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from app.accounts.models import User
from app.content.model import Catalog, Course
from app.extensions import db
from app.follow_up.queries import due_date, progress_summary
from app.organisations.models import Exchange, Organisation


def exchange_phase(exchange: Exchange, today: date) -> str:
    if today < exchange.departs_on:
        return "pre"
    return "mid" if today <= exchange.returns_on else "post"


@dataclass(frozen=True)
class PartnerRow:
    participant: User
    exchange: Exchange
    home: Organisation
    host: Organisation
    #: "sending" when the participant comes from this organisation, "hosting" otherwise.
    side: str
    phase: str
    percent_by_course: dict[str, int]
    last_activity: datetime | None
    behind: bool


def organisation_participants(
    catalog: Catalog,
    organisation_id: int,
    today: date | None = None,
    participant_id: int | None = None,
) -> list[PartnerRow]:
    """Each exchange the organisation sends or hosts, latest departure first; `participant_id`
    narrows it to one person's (the detail page reads one row, not the whole table)."""
    today = today or date.today()
    home, host = aliased(Organisation), aliased(Organisation)
    ours = or_(
        Exchange.home_organisation_id == organisation_id,
        Exchange.host_organisation_id == organisation_id,
    )
    query = (
        select(User, Exchange, home, host)
        .join(Exchange, Exchange.participant_id == User.id)
        .join(home, home.id == Exchange.home_organisation_id)
        .join(host, host.id == Exchange.host_organisation_id)
        .where(ours)
        .order_by(Exchange.departs_on.desc(), User.name)
    )
    participants = select(Exchange.participant_id).where(ours)
    if participant_id is not None:
        query = query.where(User.id == participant_id)
        participants = participants.where(Exchange.participant_id == participant_id)
    rows = db.session.execute(query).all()
    courses: list[Course] = list(catalog.courses)
    summary = progress_summary(participants)
    counts, activity = summary.counts, summary.last_activity
    result = []
    for user, exchange, home_org, host_org in rows:
        phase = exchange_phase(exchange, today)
        percents, behind = {}, False
        for course in courses:
            done = sum(
                min(counts.get((user.id, course.slug, m.slug), 0), len(m.step_ids))
                for m in course.modules
            )
            percents[course.slug] = (
                round(100 * done / course.step_count) if course.step_count else 0
            )
            due = due_date(course.phase, exchange)
            if due is not None and today > due and percents[course.slug] < 100:
                behind = True
        result.append(
            PartnerRow(
                participant=user,
                exchange=exchange,
                home=home_org,
                host=host_org,
                side="sending" if home_org.id == organisation_id else "hosting",
                phase=phase,
                percent_by_course=percents,
                last_activity=activity.get(user.id),
                behind=behind,
            )
        )
    return result


@dataclass(frozen=True)
class OrganisationSummary:
    by_phase: dict[str, int]
    behind: int
    sending: int
    hosting: int


def organisation_summary(rows: list[PartnerRow]) -> OrganisationSummary:
    by_phase = {"pre": 0, "mid": 0, "post": 0}
    for row in rows:
        by_phase[row.phase] += 1
    return OrganisationSummary(
        by_phase=by_phase,
        behind=sum(r.behind for r in rows),
        sending=sum(r.side == "sending" for r in rows),
        hosting=sum(r.side == "hosting" for r in rows),
    )
