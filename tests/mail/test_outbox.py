"""The outbox is delivered over real SMTP: a server on 127.0.0.1 receives the messages."""

from sqlalchemy import select

from app.accounts.models import Role
from app.extensions import db
from app.mail.models import MailStatus, OutboxEmail
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

    app.config["MAIL_PORT"] = smtp_server.port  # the server is back
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert "Sent 1, failed 0." in result.output
    [row] = rows(app)
    assert row.status == MailStatus.SENT and row.attempts == 2 and row.last_error is None


def test_an_email_that_keeps_failing_is_given_up_and_shown_as_failed(app, create_user, smtp_server):
    queue_invitation(app, create_user, locale="en")
    app.config.update(MAIL_PORT=free_port(), MAIL_MAX_ATTEMPTS=2)
    runner = app.test_cli_runner()
    runner.invoke(args=["mail", "send"])
    runner.invoke(args=["mail", "send"])
    [row] = rows(app)
    assert row.status == MailStatus.FAILED and row.attempts == 2
