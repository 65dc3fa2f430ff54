"""The outbox: emails are rendered in the recipient's language, stored, then sent by a command.

Several senders may run at once (a deploy overlap) and each email is still delivered once:
a sender claims it with one conditional UPDATE, committed before the SMTP conversation.
"""

import smtplib
from collections.abc import Callable
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import ColumnElement, or_, select, update

from app.accounts.models import User, utcnow
from app.extensions import db, rows_changed
from app.mail.models import MailStatus, OutboxEmail

#: The wait after each failed delivery before the next try: 1 min, 5 min, 30 min, 2 h, 6 h,
#: then every 12 h, so an email is tried 11 times over about three days (68½ hours) before
#: it is marked failed; `flask mail requeue` starts the schedule again.
RETRY_WAITS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
    *[timedelta(hours=12)] * 5,
)
#: A claimed email whose sender died mid-delivery may be claimed again after this long.
CLAIM_LAPSES_AFTER = timedelta(minutes=10)


def public_link(endpoint: str, **values: Any) -> str:
    """An absolute link for an email: PUBLIC_URL, not the host of whatever request queued it
    (and it works outside a request too, from the commands)."""
    path = current_app.url_map.bind("bru").build(endpoint, values)
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def recipient_language(user: User) -> str:
    return user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]


def email_render(*, to: User, template: str, **context: Any) -> OutboxEmail:
    """`mail/<template>.txt` rendered in the recipient's language, not queued (what
    `email_queue` stores, and what a preview shows).

    The template's first line is the subject, the rest the body.
    """
    language = recipient_language(to)
    with force_locale(language):
        rendered = render_template(f"mail/{template}.txt", recipient=to, **context)
    subject, _, body = rendered.strip().partition("\n")
    return OutboxEmail(
        recipient=to.email, subject=subject.strip(), body=body.strip() + "\n", language=language
    )


def email_queue(*, to: User, template: str, **context: Any) -> OutboxEmail:
    """Render `mail/<template>.txt` in the recipient's language and put it in the outbox."""
    email = email_render(to=to, template=template, **context)
    db.session.add(email)
    db.session.flush()
    if current_app.config.get("MAIL_PRINT"):
        heading = f"--- email to {email.recipient} ({email.language}) ---"
        print(f"{heading}\n{email.subject}\n\n{email.body}")
    return email


def _smtp_send(email: OutboxEmail) -> None:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = email.recipient
    message["Subject"] = email.subject
    message.set_content(email.body)
    # After set_content, which replaces every Content-* header.
    message["Content-Language"] = email.language
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


def _due(now: datetime) -> tuple[ColumnElement[bool], ...]:
    """Queued and its wait over, or claimed by a sender that never finished."""
    return (
        OutboxEmail.status.in_((MailStatus.QUEUED, MailStatus.SENDING)),
        or_(OutboxEmail.next_attempt_at.is_(None), OutboxEmail.next_attempt_at <= now),
    )


def _claim(email_id: int, now: datetime) -> bool:
    """Take the email for this sender, if no other took it first; committed at once."""
    claimed = db.session.execute(
        update(OutboxEmail)
        .where(OutboxEmail.id == email_id, *_due(now))
        .values(
            status=MailStatus.SENDING,
            next_attempt_at=now + CLAIM_LAPSES_AFTER,
            attempts=OutboxEmail.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return rows_changed(claimed) == 1


def outbox_send_pending(*, limit: int = 100, now: datetime | None = None) -> tuple[int, int]:
    """Deliver the emails that are due; return (sent, failed attempts). Commits per email.

    `now` fixes the clock (tests walk the retry schedule with it).
    """
    clock: Callable[[], datetime] = (lambda: now) if now is not None else utcnow
    due = db.session.scalars(
        select(OutboxEmail.id).where(*_due(clock())).order_by(OutboxEmail.id).limit(limit)
    ).all()
    sent = failed = 0
    for email_id in due:
        if not _claim(email_id, clock()):
            continue  # another sender has it
        email = db.session.get(OutboxEmail, email_id, populate_existing=True)
        if email is None:
            continue  # erased with its account since it was claimed
        try:
            _smtp_send(email)
        except (OSError, smtplib.SMTPException) as error:
            failed += 1
            email.last_error = f"{type(error).__name__}: {error}"[:1000]
            if email.attempts <= len(RETRY_WAITS):
                email.status = MailStatus.QUEUED
                email.next_attempt_at = clock() + RETRY_WAITS[email.attempts - 1]
            else:
                email.status = MailStatus.FAILED
                email.next_attempt_at = None
        else:
            sent += 1
            email.status = MailStatus.SENT
            email.sent_at = utcnow()
            email.next_attempt_at = None
            email.last_error = None
        db.session.commit()
    return sent, failed


def outbox_requeue_failed() -> int:
    """Queue every failed email again, from the start of the retry schedule; flushes."""
    result = db.session.execute(
        update(OutboxEmail)
        .where(OutboxEmail.status == MailStatus.FAILED)
        .values(status=MailStatus.QUEUED, attempts=0, next_attempt_at=None)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    return rows_changed(result)
