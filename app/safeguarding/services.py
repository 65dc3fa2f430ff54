"""Safeguarding writes: reports, the follow-up thread, status. Services flush; views commit.

Emails about a report never carry its content: they say that something is waiting in Bru.
"""

from app.accounts.models import Role, User, utcnow
from app.audit.services import audit_record
from app.extensions import db
from app.mail.services import email_queue, public_link
from app.safeguarding.models import ReportStatus, SafeguardingMessage, SafeguardingReport
from app.safeguarding.queries import safeguarding_officers


def _report_link(report: SafeguardingReport) -> str:
    return public_link("safeguarding.report", report_id=report.id)


def safeguarding_report_create(
    *, reporter: User, what_happened: str, people_involved: str = "", may_contact: bool = False
) -> SafeguardingReport:
    """Store a report and tell every safeguarding officer (only them) that one is waiting."""
    report = SafeguardingReport(
        reporter_id=reporter.id,
        what_happened=what_happened.strip(),
        people_involved=people_involved.strip(),
        may_contact=may_contact,
        status=ReportStatus.NEW,
    )
    db.session.add(report)
    db.session.flush()
    link = _report_link(report)
    for officer in safeguarding_officers():
        if officer.id != reporter.id:
            email_queue(to=officer, template="safeguarding_new_report", link=link)
    return report


def safeguarding_message_add(
    *, report: SafeguardingReport, author: User, body: str
) -> SafeguardingMessage:
    """A message in the report's thread, from the reporter or a safeguarding officer.

    An officer's message: the reporter gets a notice by email if they agreed to be contacted.
    The reporter's message: every officer gets a notice.
    """
    from_officer = author.role == Role.SAFEGUARDING
    if not from_officer and author.id != report.reporter_id:
        raise PermissionError("only the reporter and safeguarding officers write on a report")
    now = utcnow()
    message = SafeguardingMessage(
        report_id=report.id,
        author_id=author.id,
        from_officer=from_officer,
        body=body.strip(),
        created_at=now,
    )
    db.session.add(message)
    report.updated_at = now
    db.session.flush()
    link = _report_link(report)
    if from_officer:
        reporter = report.reporter
        if (
            reporter is not None
            and reporter.active
            and report.may_contact
            and reporter.id != author.id
        ):
            email_queue(to=reporter, template="safeguarding_new_message", link=link)
    else:
        for officer in safeguarding_officers():
            if officer.id != author.id:
                email_queue(to=officer, template="safeguarding_new_message", link=link)
    return message


def safeguarding_report_set_status(
    *, report: SafeguardingReport, status: ReportStatus, by: User
) -> SafeguardingReport:
    if by.role != Role.SAFEGUARDING:
        raise PermissionError("only safeguarding officers change a report's status")
    if report.status != status:
        report.status = status
        report.updated_at = utcnow()
        audit_record(
            actor=by,
            action=f"safeguarding_report.{status.value}",
            object_type="safeguarding_report",
            object_id=report.id,
        )
    db.session.flush()
    return report


def safeguarding_report_read_record(*, report: SafeguardingReport, reader: User) -> None:
    """An officer opened a report: recorded (the reporter reading their own is not)."""
    if reader.id != report.reporter_id:
        audit_record(
            actor=reader,
            action="safeguarding_report.read",
            object_type="safeguarding_report",
            object_id=report.id,
        )


class AppointmentRefused(ValueError):
    """`flask safeguarding` cannot do it; str() says why, for the operator."""


def safeguarding_officer_appoint(*, user: User) -> None:
    """Make `user` a safeguarding officer (done on the server only). Their cohort memberships
    end (an officer follows no one; the participants are told). Audited, with no actor."""
    from app.accounts.services import user_role_change

    if user.role == Role.SAFEGUARDING:
        raise AppointmentRefused(f"{user.email} is already a safeguarding officer.")
    if user.role == Role.ADMIN:
        raise AppointmentRefused(
            f"{user.email} is an administrator; one account cannot be both. Give it another "
            "role in Administration first, or appoint another account."
        )
    if not user.active:
        raise AppointmentRefused(f"{user.email} is deactivated.")
    user_role_change(user=user, role=Role.SAFEGUARDING, by=None, action="user.safeguarding_appoint")


def safeguarding_officer_revoke(*, user: User) -> None:
    """Take the role away: the account becomes a participant with no cohort (the least
    access), and an administrator gives it whatever role it should have next. Audited."""
    from app.accounts.services import user_role_change

    if user.role != Role.SAFEGUARDING:
        raise AppointmentRefused(f"{user.email} is not a safeguarding officer.")
    user_role_change(user=user, role=Role.PARTICIPANT, by=None, action="user.safeguarding_revoke")
