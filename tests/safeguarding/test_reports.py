"""Reports of concern: anyone signed in reports; only safeguarding officers and the reporter
ever see a report (404 for everyone else, administrators included)."""

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.accounts.models import Role, User
from app.audit.models import AuditEvent
from app.extensions import db
from app.mail.models import OutboxEmail
from app.organisations.models import Region
from app.safeguarding.models import ReportStatus, SafeguardingMessage, SafeguardingReport
from tests.conftest import sign_in_as

ACCOUNT = "My host supervisor shouted at me and took my passport."


@dataclass
class World:
    reporter: User
    officer: User
    other_officer: User
    facilitator: User
    home_contact: User
    host_contact: User
    admin: User
    other_participant: User


@pytest.fixture
def world(create_user, create_cohort, create_participant, create_organisation) -> World:
    facilitator = create_user(Role.FACILITATOR)
    cohort = create_cohort(facilitators=[facilitator])
    home = create_organisation(region=Region.NORWAY, country="NO")
    host = create_organisation()
    return World(
        reporter=create_participant(cohort, phase="mid", home=home, host=host),
        officer=create_user(Role.SAFEGUARDING, locale="fr", name="Officer One"),
        other_officer=create_user(Role.SAFEGUARDING, locale="nb"),
        facilitator=facilitator,
        home_contact=create_user(Role.PARTNER, organisation=home),
        host_contact=create_user(Role.PARTNER, organisation=host),
        admin=create_user(Role.ADMIN),
        other_participant=create_participant(cohort, phase="mid"),
    )


def client_for(app, user):
    client = app.test_client()
    sign_in_as(client, user)
    return client


def outbox(app) -> list[OutboxEmail]:
    with app.app_context():
        rows = db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def send_report(app, user, **fields) -> int:
    data = {"what_happened": ACCOUNT, "people_involved": "The supervisor", **fields}
    response = client_for(app, user).post("/safeguarding/report", data=data)
    assert response.status_code == 302, response.text
    with app.app_context():
        return db.session.scalar(
            select(SafeguardingReport.id).order_by(SafeguardingReport.id.desc())
        )


def test_every_page_offers_to_report_a_concern_when_signed_in(app, client, world):
    assert "/safeguarding/report" not in client.get("/sign-in").text
    for user in (world.reporter, world.facilitator, world.home_contact, world.admin):
        assert "/safeguarding/report" in client_for(app, user).get("/profile").text


def test_a_report_is_stored_and_only_officers_are_told_in_their_language(app, world):
    report_id = send_report(app, world.reporter, may_contact="y")
    with app.app_context():
        report = db.session.get(SafeguardingReport, report_id)
        assert (report.reporter_id, report.what_happened, report.status, report.may_contact) == (
            world.reporter.id,
            ACCOUNT,
            ReportStatus.NEW,
            True,
        )
    emails = outbox(app)
    assert {e.recipient: e.language for e in emails} == {
        world.officer.email: "fr",
        world.other_officer.email: "nb",
    }
    for email in emails:
        assert f"/safeguarding/reports/{report_id}" in email.body
        assert "passport" not in email.body and "supervisor" not in email.body
        assert world.reporter.name not in email.body


def test_a_report_needs_an_account_of_what_happened(app, world):
    response = client_for(app, world.reporter).post(
        "/safeguarding/report", data={"what_happened": " "}
    )
    assert response.status_code == 400
    assert "Tell us what happened." in response.text
    with app.app_context():
        assert db.session.scalar(select(SafeguardingReport)) is None


def test_only_the_reporter_and_officers_can_see_a_report(app, client, world):
    report_id = send_report(app, world.reporter)
    url = f"/safeguarding/reports/{report_id}"
    for user in (world.reporter, world.officer, world.other_officer):
        response = client_for(app, user).get(url)
        assert response.status_code == 200, user.role
        assert "took my passport" in response.text
        assert response.headers["Cache-Control"] == "private, no-store"
    for user in (
        world.admin,
        world.facilitator,
        world.home_contact,
        world.host_contact,
        world.other_participant,
    ):
        other = client_for(app, user)
        assert other.get(url).status_code == 404, user.role
        assert other.post(f"{url}/messages", data={"body": "hi"}).status_code == 404, user.role
        assert other.post(f"{url}/status", data={"status": "closed"}).status_code == 404
        assert "took my passport" not in other.get("/safeguarding/mine").text
    assert client.get(url).status_code == 302  # signed out: to sign-in
    assert client_for(app, world.officer).get("/safeguarding/reports/999999").status_code == 404


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.FACILITATOR, Role.PARTNER, Role.ADMIN])
def test_only_officers_see_the_list_of_reports(app, world, create_user, role):
    send_report(app, world.reporter)
    assert client_for(app, create_user(role)).get("/safeguarding/reports").status_code == 404


def test_officers_list_reports_by_status(app, world):
    first = send_report(app, world.reporter)
    send_report(app, world.other_participant)
    officer = client_for(app, world.officer)
    page = officer.get("/safeguarding/reports")
    assert page.status_code == 200
    assert world.reporter.name in page.text and world.other_participant.name in page.text
    assert "Signalements" in officer.get("/dashboard").text  # the officer reads French
    officer.post(f"/safeguarding/reports/{first}/status", data={"status": "closed"})
    closed = officer.get("/safeguarding/reports?status=closed").text
    assert world.reporter.name in closed and world.other_participant.name not in closed


def test_an_officer_changes_the_status_and_it_is_audited(app, world):
    report_id = send_report(app, world.reporter)
    officer = client_for(app, world.officer)
    assert officer.get(f"/safeguarding/reports/{report_id}").status_code == 200
    response = officer.post(
        f"/safeguarding/reports/{report_id}/status", data={"status": "follow_up"}
    )
    assert response.status_code == 302
    assert (
        officer.post(
            f"/safeguarding/reports/{report_id}/status", data={"status": "nonsense"}
        ).status_code
        == 400
    )
    # The reporter may not change it.
    reporter = client_for(app, world.reporter)
    assert (
        reporter.post(
            f"/safeguarding/reports/{report_id}/status", data={"status": "closed"}
        ).status_code
        == 404
    )
    with app.app_context():
        assert db.session.get(SafeguardingReport, report_id).status == ReportStatus.FOLLOW_UP
        actions = db.session.execute(
            select(AuditEvent.actor_id, AuditEvent.action, AuditEvent.reason).where(
                AuditEvent.object_type == "safeguarding_report"
            )
        ).all()
    assert set(actions) == {
        (world.officer.id, "safeguarding_report.read", None),
        (world.officer.id, "safeguarding_report.follow_up", None),
    }
    assert "In follow-up" in reporter.get("/safeguarding/mine").text


def test_officer_and_reporter_follow_up_in_a_thread(app, world):
    report_id = send_report(app, world.reporter, may_contact="y")
    url = f"/safeguarding/reports/{report_id}"
    officer = client_for(app, world.officer)
    reporter = client_for(app, world.reporter)
    before = len(outbox(app))

    assert officer.post(f"{url}/messages", data={"body": ""}).status_code == 400
    assert officer.post(f"{url}/messages", data={"body": "Are you safe <now>?"}).status_code == 302
    emails = outbox(app)[before:]
    assert [e.recipient for e in emails] == [world.reporter.email]
    assert "Are you" not in emails[0].body and url in emails[0].body

    page = reporter.get(url).text
    assert "Are you safe &lt;now&gt;?" in page
    assert reporter.post(f"{url}/messages", data={"body": "Yes, thank you."}).status_code == 302
    emails = outbox(app)[before + 1 :]
    assert {e.recipient for e in emails} == {world.officer.email, world.other_officer.email}
    assert all("thank" not in e.body for e in emails)
    assert "Yes, thank you." in officer.get(url).text

    with app.app_context():
        messages = db.session.scalars(
            select(SafeguardingMessage).order_by(SafeguardingMessage.id)
        ).all()
        assert [(m.author_id, m.from_officer) for m in messages] == [
            (world.officer.id, True),
            (world.reporter.id, False),
        ]


def test_a_reporter_who_declined_contact_gets_no_email(app, world):
    report_id = send_report(app, world.reporter)
    before = len(outbox(app))
    client_for(app, world.officer).post(
        f"/safeguarding/reports/{report_id}/messages", data={"body": "Noted."}
    )
    assert outbox(app)[before:] == []
    assert (
        "Noted." in client_for(app, world.reporter).get(f"/safeguarding/reports/{report_id}").text
    )


def test_my_reports_lists_only_my_own(app, world):
    mine = send_report(app, world.reporter)
    theirs = send_report(app, world.other_participant)
    page = client_for(app, world.reporter).get("/safeguarding/mine").text
    assert f"/safeguarding/reports/{mine}" in page
    assert f"/safeguarding/reports/{theirs}" not in page


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    fields=st.dictionaries(
        st.sampled_from(
            ["what_happened", "people_involved", "may_contact", "body", "status", "confirm"]
        ),
        st.one_of(st.text(max_size=200), st.sampled_from(["x" * 30_000, "closed", "y", "-1"])),
        max_size=4,
    )
)
def test_generated_posts_never_cause_a_server_error(app, world, fields):
    report_id = send_report(app, world.reporter)
    for user, url in (
        (world.reporter, "/safeguarding/report"),
        (world.reporter, f"/safeguarding/reports/{report_id}/messages"),
        (world.officer, f"/safeguarding/reports/{report_id}/messages"),
        (world.officer, f"/safeguarding/reports/{report_id}/status"),
        (world.reporter, "/privacy/erasure"),
        (world.reporter, "/privacy/erasure/cancel"),
        (world.admin, "/admin/privacy/requests/1/erase"),
    ):
        response = client_for(app, user).post(url, data=fields)
        assert response.status_code in {200, 302, 400, 404}, (url, fields)
