"""Writes for organisations, exchanges and cohorts."""

from datetime import date

from app.accounts.models import User, utcnow
from app.extensions import db
from app.organisations.models import (
    Cohort,
    CohortCourse,
    CohortMember,
    Exchange,
    MemberRole,
    Organisation,
    Region,
)


def organisation_create(*, name: str, country: str, region: Region) -> Organisation:
    organisation = Organisation(name=name.strip(), country=country.upper(), region=region)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def exchange_create(
    *,
    participant: User,
    home: Organisation,
    host: Organisation,
    departs_on: date,
    returns_on: date,
) -> Exchange:
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
    return exchange


def cohort_create(
    *,
    name: str,
    course_slugs: list[str],
    starts_on: date,
    ends_on: date,
    facilitators: list[User] = (),
) -> Cohort:
    cohort = Cohort(name=name.strip(), starts_on=starts_on, ends_on=ends_on)
    cohort.courses = [CohortCourse(course_slug=slug) for slug in course_slugs]
    db.session.add(cohort)
    db.session.flush()
    for facilitator in facilitators:
        cohort_member_add(cohort=cohort, user=facilitator, role=MemberRole.FACILITATOR)
    return cohort


def cohort_member_add(*, cohort: Cohort, user: User, role: MemberRole) -> CohortMember:
    member = CohortMember(cohort_id=cohort.id, user_id=user.id, role=role)
    db.session.add(member)
    db.session.flush()
    return member


def cohort_course_open_early(*, cohort: Cohort, course_slug: str) -> None:
    for cohort_course in cohort.courses:
        if cohort_course.course_slug == course_slug and cohort_course.opened_early_at is None:
            cohort_course.opened_early_at = utcnow()
