"""Writes for organisations, exchanges and cohorts."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, select

from app.accounts.models import User, utcnow
from app.audit.services import audit_record
from app.extensions import db
from app.mail.services import email_queue, public_link
from app.organisations.models import (
    Cohort,
    CohortCourse,
    CohortMember,
    Exchange,
    MemberRole,
    Organisation,
    Region,
)
from app.security import MEMBER_ROLE_OF


def organisation_create(*, name: str, country: str, region: Region) -> Organisation:
    organisation = Organisation(name=name.strip(), country=country.upper(), region=region)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def organisation_update(
    *, organisation: Organisation, name: str, country: str, region: Region
) -> Organisation:
    organisation.name = name.strip()
    organisation.country = country.upper()
    organisation.region = region
    db.session.flush()
    return organisation


def exchange_create(
    *,
    participant: User,
    home: Organisation,
    host: Organisation,
    departs_on: date,
    returns_on: date,
    by: User | None = None,
) -> Exchange:
    """`by`: the administrator who made it, audited (the home and host organisations'
    contacts follow the participant from now on); None for demo data."""
    if returns_on <= departs_on:
        raise ValueError("an exchange must return after it departs")
    exchange = Exchange(
        participant_id=participant.id,
        home_organisation_id=home.id,
        host_organisation_id=host.id,
        departs_on=departs_on,
        returns_on=returns_on,
    )
    db.session.add(exchange)
    db.session.flush()
    if by is not None:
        _exchange_audit(exchange, "exchange.create", by)
    return exchange


def exchange_update(
    *,
    exchange: Exchange,
    participant: User,
    home: Organisation,
    host: Organisation,
    departs_on: date,
    returns_on: date,
    by: User,
) -> None:
    if returns_on <= departs_on:
        raise ValueError("an exchange must return after it departs")
    exchange.participant_id = participant.id
    exchange.home_organisation_id = home.id
    exchange.host_organisation_id = host.id
    exchange.departs_on = departs_on
    exchange.returns_on = returns_on
    db.session.flush()
    _exchange_audit(exchange, "exchange.update", by)


def _exchange_audit(exchange: Exchange, action: str, by: User) -> None:
    audit_record(
        actor=by,
        action=action,
        object_type="exchange",
        object_id=exchange.id,
        person=db.session.get(User, exchange.participant_id),
    )


def cohort_create(
    *,
    name: str,
    course_slugs: list[str],
    starts_on: date,
    ends_on: date,
    facilitators: Sequence[User] = (),
) -> Cohort:
    cohort = Cohort(name=name.strip(), starts_on=starts_on, ends_on=ends_on)
    cohort.courses = [CohortCourse(course_slug=slug) for slug in course_slugs]
    db.session.add(cohort)
    db.session.flush()
    for facilitator in facilitators:
        cohort_member_add(cohort=cohort, user=facilitator, role=MemberRole.FACILITATOR)
    return cohort


def cohort_member_add(*, cohort: Cohort, user: User, role: MemberRole) -> CohortMember:
    """The bare row, for demo data and tests; people are added through
    `cohort_participant_add` and `cohort_facilitator_add`, which audit and tell."""
    member = CohortMember(cohort_id=cohort.id, user_id=user.id, role=role)
    db.session.add(member)
    db.session.flush()
    return member


def cohort_members(cohort: Cohort, role: MemberRole) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(CohortMember, CohortMember.user_id == User.id)
            .where(CohortMember.cohort_id == cohort.id, CohortMember.role == role)
            .order_by(User.name, User.id)
        )
    )


def _tell(participant: User, template: str, **context: Any) -> None:
    """An email to a participant about who can read what they share; in their language.

    Not to accounts that cannot sign in (not accepted yet, deactivated, erased): nothing of
    theirs is there to read, and the dashboard tells them once they are in.
    """
    if not participant.active or participant.password_hash is None:
        return
    link = public_link("journal.index")
    email_queue(to=participant, template=template, link=link, **context)


def cohort_participant_add(*, cohort: Cohort, participant: User, by: User | None) -> None:
    """Put `participant` in `cohort`: its facilitators can then follow them and read what
    they share with their facilitators. Audited; the participant is told who that is."""
    cohort_member_add(cohort=cohort, user=participant, role=MemberRole.PARTICIPANT)
    audit_record(
        actor=by,
        action="cohort.participant_add",
        object_type="cohort",
        object_id=cohort.id,
        person=participant,
    )
    facilitators = cohort_members(cohort, MemberRole.FACILITATOR)
    if facilitators:
        _tell(participant, "cohort_joined", cohort=cohort, facilitators=facilitators)


def cohort_facilitator_add(*, cohort: Cohort, facilitator: User, by: User | None) -> None:
    """Make `facilitator` a facilitator of `cohort`: they can then read what every
    participant of it shares with their facilitators. Audited; every participant is told."""
    cohort_member_add(cohort=cohort, user=facilitator, role=MemberRole.FACILITATOR)
    audit_record(
        actor=by,
        action="cohort.facilitator_add",
        object_type="cohort",
        object_id=cohort.id,
        person=facilitator,
    )
    for participant in cohort_members(cohort, MemberRole.PARTICIPANT):
        _tell(participant, "cohort_facilitator_added", cohort=cohort, facilitator=facilitator)


def cohort_member_remove(*, member: CohortMember, by: User | None) -> None:
    """Take a participant or a facilitator out of a cohort; audited, and the participants
    whose data the change concerns are told."""
    cohort, user = member.cohort, member.user
    facilitators = cohort_members(cohort, MemberRole.FACILITATOR)
    db.session.execute(delete(CohortMember).where(CohortMember.id == member.id))
    audit_record(
        actor=by,
        action=f"cohort.{member.role.value}_remove",
        object_type="cohort",
        object_id=cohort.id,
        person=user,
    )
    if member.role == MemberRole.FACILITATOR:
        for participant in cohort_members(cohort, MemberRole.PARTICIPANT):
            _tell(participant, "cohort_facilitator_removed", cohort=cohort, facilitator=user)
    elif facilitators:
        _tell(user, "cohort_left", cohort=cohort, facilitators=facilitators)
    db.session.flush()


def cohort_memberships_end_for_role(*, user: User, by: User | None) -> None:
    """After a role change: end the memberships the new role does not take part through
    (a former facilitator no longer follows their cohorts; a participant made facilitator
    does not facilitate the cohorts they were in)."""
    keep = MEMBER_ROLE_OF.get(user.role)
    members = db.session.scalars(
        select(CohortMember).where(CohortMember.user_id == user.id).order_by(CohortMember.id)
    ).all()
    for member in members:
        if member.role != keep:
            cohort_member_remove(member=member, by=by)


def cohort_course_open_early(*, cohort: Cohort, course_slug: str) -> None:
    for cohort_course in cohort.courses:
        if cohort_course.course_slug == course_slug and cohort_course.opened_early_at is None:
            cohort_course.opened_early_at = utcnow()
