"""The outbox: emails are rendered in the recipient's language, stored, then sent by a command."""

import smtplib
from email.message import EmailMessage

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select

from app.accounts.models import User, utcnow
from app.extensions import db
from app.mail.models import MailStatus, OutboxEmail


def public_link(endpoint: str, **values) -> str:
    """An absolute link for an email: PUBLIC_URL, not the host of whatever request queued it
    (and it works outside a request too, from the commands)."""
    path = current_app.url_map.bind("bru").build(endpoint, values)
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def recipient_language(user: User) -> str:
    return user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]


def email_queue(*, to: User, template: str, **context) -> OutboxEmail:
    """Render `mail/<template>.txt` in the recipient's language and put it in the outbox.

    The template's first line is the subject, the rest the body.
    """
    language = recipient_language(to)
    with force_locale(language):
        rendered = render_template(f"mail/{template}.txt", recipient=to, **context)
    subject, _, body = rendered.strip().partition("\n")
    email = OutboxEmail(
        recipient=to.email, subject=subject.strip(), body=body.strip() + "\n", language=language
    )
    db.session.add(email)
    db.session.flush()
    if current_app.config.get("MAIL_PRINT"):
        print(f"--- email to {email.recipient} ({language}) ---\n{email.subject}\n\n{email.body}")
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


def outbox_send_pending(*, limit: int = 100) -> tuple[int, int]:
    """Try to deliver queued emails; return (sent, failed attempts). Commits per email."""
    max_attempts = current_app.config["MAIL_MAX_ATTEMPTS"]
    pending = db.session.scalars(
        select(OutboxEmail)
        .where(OutboxEmail.status == MailStatus.QUEUED)
        .order_by(OutboxEmail.id)
        .limit(limit)
    ).all()
    sent = failed = 0
    for email in pending:
        email.attempts += 1
        try:
            _smtp_send(email)
        except (OSError, smtplib.SMTPException) as error:
            failed += 1
            email.last_error = f"{type(error).__name__}: {error}"[:1000]
            if email.attempts >= max_attempts:
                email.status = MailStatus.FAILED
        else:
            sent += 1
            email.status = MailStatus.SENT
            email.sent_at = utcnow()
            email.last_error = None
        db.session.commit()
    return sent, failed
