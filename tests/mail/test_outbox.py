"""The outbox is delivered over real SMTP: a server on 127.0.0.1 receives the messages."""

import threading
from datetime import timedelta

from sqlalchemy import select

from app.accounts.models import Role
from app.extensions import db
from app.mail.models import MailStatus, OutboxEmail
from app.mail.services import outbox_send_pending
from tests.conftest import free_port


def queue_invitation(app, create_user, locale):
    from app.accounts.models import User
    from app.accounts.services import invitation_send

    invitee = create_user(
        Role.PARTICIPANT,
        email="zawadi@example.org",
        name="Zawadi Mushi",
        locale=locale,
        password=None,
    )
    with app.test_request_context():
        invitation_send(user=db.session.get(User, invitee.id), invited_by=None)
        db.session.commit()


def rows(app) -> list[OutboxEmail]:
    with app.app_context():
        found = list(db.session.scalars(select(OutboxEmail)))
        for row in found:
            db.session.expunge(row)
        return found


def test_flask_mail_send_delivers_queued_email_in_the_recipients_language(
    app, create_user, smtp_server
):
    queue_invitation(app, create_user, locale="nb")
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 0 and "Sent 1, failed 0." in result.output
    [envelope] = smtp_server.messages
    assert envelope.rcpt_tos == ["zawadi@example.org"]
    message = envelope.content.decode()
    assert "Content-Language: nb" in message
    assert "Zawadi Mushi" in message and "/invitation/" in message
    [row] = rows(app)
    assert row.status == MailStatus.SENT and row.sent_at is not None and row.attempts == 1


def test_with_the_server_down_email_stays_queued_and_is_retried(app, create_user, smtp_server):
    queue_invitation(app, create_user, locale="en")
    app.config["MAIL_PORT"] = free_port()  # nothing listens there
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert "Sent 0, failed 1." in result.output
    [row] = rows(app)
    assert row.status == MailStatus.QUEUED and row.attempts == 1 and "Connection" in row.last_error

    app.config["MAIL_PORT"] = smtp_server.port  # the server is back, a minute later
    with app.app_context():
        email = db.session.get(OutboxEmail, row.id)
        email.next_attempt_at -= timedelta(minutes=1)
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert "Sent 1, failed 0." in result.output
    [row] = rows(app)
    assert row.status == MailStatus.SENT and row.attempts == 2 and row.last_error is None


def test_right_after_a_failure_the_next_round_waits_instead_of_trying_again(
    app, create_user, smtp_server
):
    queue_invitation(app, create_user, locale="en")
    app.config["MAIL_PORT"] = free_port()
    runner = app.test_cli_runner()
    runner.invoke(args=["mail", "send"])
    for _ in range(10):  # `flask mail send --loop` rounds, seconds apart
        result = runner.invoke(args=["mail", "send"])
        assert "Sent 0, failed 0." in result.output
    [row] = rows(app)
    assert row.status == MailStatus.QUEUED and row.attempts == 1
    assert row.next_attempt_at - row.created_at >= timedelta(seconds=59)


def test_failed_deliveries_are_retried_with_growing_waits_for_about_three_days(
    app, create_user, smtp_server
):
    queue_invitation(app, create_user, locale="en")
    app.config["MAIL_PORT"] = free_port()
    [row] = rows(app)
    now = row.created_at
    waits = []
    with app.app_context():
        while True:
            assert outbox_send_pending(now=now) == (0, 1)
            email = db.session.get(OutboxEmail, row.id)
            if email.status == MailStatus.FAILED:
                break
            assert outbox_send_pending(now=email.next_attempt_at - timedelta(seconds=1)) == (0, 0)
            waits.append(email.next_attempt_at - now)
            now = email.next_attempt_at
        given_up_after = now - row.created_at
    minutes, hours = timedelta(minutes=1), timedelta(hours=1)
    assert waits == [minutes, 5 * minutes, 30 * minutes, 2 * hours, 6 * hours] + [12 * hours] * 5
    assert timedelta(days=2, hours=12) < given_up_after <= timedelta(days=3)
    assert email.attempts == 11 and "Connection" in email.last_error


def test_flask_mail_requeue_queues_failed_email_again(app, create_user, smtp_server):
    queue_invitation(app, create_user, locale="en")
    with app.app_context():
        email = db.session.scalar(select(OutboxEmail))
        email.status, email.attempts, email.last_error = MailStatus.FAILED, 11, "SMTP was down"
        db.session.commit()
    runner = app.test_cli_runner()
    assert "Sent 0, failed 0." in runner.invoke(args=["mail", "send"]).output
    result = runner.invoke(args=["mail", "requeue"])
    assert result.exit_code == 0 and "1 failed email queued again." in result.output
    assert "Sent 1, failed 0." in runner.invoke(args=["mail", "send"]).output
    [row] = rows(app)
    assert row.status == MailStatus.SENT and len(smtp_server.messages) == 1
    assert "0 failed emails queued again." in runner.invoke(args=["mail", "requeue"]).output


def test_two_senders_at_once_deliver_each_email_exactly_once(app, create_user, smtp_server):
    from app.accounts.models import User
    from app.accounts.services import invitation_send

    people = [create_user(Role.PARTICIPANT, password=None) for _ in range(20)]
    with app.test_request_context():
        for person in people:
            invitation_send(user=db.session.get(User, person.id), invited_by=None)
        db.session.commit()
    smtp_server.delay = 0.02  # a real server takes its time: the senders overlap
    start = threading.Barrier(2)
    results = []

    def sender():
        with app.app_context():
            start.wait()
            results.append(outbox_send_pending())

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    delivered = sorted(rcpt for envelope in smtp_server.messages for rcpt in envelope.rcpt_tos)
    assert delivered == sorted(p.email for p in people)
    assert sum(sent for sent, _failed in results) == 20
    assert {row.status for row in rows(app)} == {MailStatus.SENT}
    assert all(row.attempts == 1 for row in rows(app))
