import enum
from datetime import date, datetime, timedelta

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User, utcnow
from app.content.model import Phase
from app.extensions import Model, value_enum


class Region(enum.StrEnum):
    NORWAY = "norway"
    AFRICA = "africa"
    ASIA = "asia"
    LATIN_AMERICA = "latin_america"


class Organisation(Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    #: ISO 3166 alpha-2 code, shown as a country name in the reader's language.
    country: Mapped[str] = mapped_column(String(2))
    region: Mapped[Region] = mapped_column(value_enum(Region))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Exchange(Model):
    """A participant's stay: sent by the home organisation, received by the host."""

    __tablename__ = "exchanges"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    home_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    host_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    departs_on: Mapped[date]
    returns_on: Mapped[date]

    participant = relationship(User, foreign_keys=[participant_id])
    home_organisation = relationship(Organisation, foreign_keys=[home_organisation_id])
    host_organisation = relationship(Organisation, foreign_keys=[host_organisation_id])

    #: How long after the return the homecoming course is expected to be done.
    HOMECOMING_DAYS = 90

    @property
    def midpoint(self) -> date:
        return self.departs_on + (self.returns_on - self.departs_on) / 2

    def phase_on(self, day: date) -> Phase:
        """Before the day of departure: before; from it: during; from the day of return (the
        first day home, when the homecoming course opens): after."""
        if day < self.departs_on:
            return Phase.PRE
        return Phase.MID if day < self.returns_on else Phase.POST

    def course_opens_on(self, phase: Phase) -> date | None:
        """When a phase's course opens by these dates (None: from the start). The
        mid-exchange course opens halfway through the stay, the homecoming course on the day
        of return."""
        return {Phase.PRE: None, Phase.MID: self.midpoint, Phase.POST: self.returns_on}[phase]

    def course_due_on(self, phase: Phase) -> date:
        """When a phase's course is expected to be finished by these dates."""
        return {
            Phase.PRE: self.departs_on,
            Phase.MID: self.returns_on,
            Phase.POST: self.returns_on + timedelta(days=self.HOMECOMING_DAYS),
        }[phase]


def phase_on(day: date, exchange: Exchange | None) -> Phase:
    """Where a person stands on `day`: before the exchange when none is on file."""
    return exchange.phase_on(day) if exchange is not None else Phase.PRE


class Cohort(Model):
    """A group that walks the training together, with its facilitators.

    A cohort runs one or more courses (usually the pre-, mid- and post-exchange course),
    so the same facilitators follow the same people before, during and after.
    """

    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    courses = relationship(
        "CohortCourse", order_by="CohortCourse.id", cascade="all, delete-orphan", lazy="selectin"
    )


class CohortCourse(Model):
    __tablename__ = "cohort_courses"
    __table_args__ = (UniqueConstraint("cohort_id", "course_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    #: The course's folder name in courses/.
    course_slug: Mapped[str] = mapped_column(String(100))
    #: Set when a facilitator opens the course before the participants' own dates would.
    opened_early_at: Mapped[datetime | None]


class MemberRole(enum.StrEnum):
    PARTICIPANT = "participant"
    FACILITATOR = "facilitator"


class CohortMember(Model):
    __tablename__ = "cohort_members"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[MemberRole] = mapped_column(value_enum(MemberRole))
    #: When the person joined the cohort (a participant's dashboard names facilitators who
    #: recently became able to read what they share); None for memberships made before
    #: this was recorded.
    created_at: Mapped[datetime | None] = mapped_column(default=utcnow)

    cohort = relationship(Cohort)
    user = relationship(User)
