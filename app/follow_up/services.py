"""Facilitators' writes: reminders through the outbox."""

from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.mail.models import OutboxEmail
from app.mail.services import email_queue, email_render, public_link, recipient_language

#: Reminder messages a facilitator can pick; the key names the email's text.
REMINDER_TEMPLATES = {
    "behind": _l("You are behind in your training"),
    "phase_open": _l("A new part of your training is open"),
    "check_in": _l("Time for your monthly reflection"),
}


def _reminder(template: str, message: str, sender: User) -> dict:
    """What a reminder email is made of, besides its recipient. The personal note goes as
    written, in every language."""
    return {
        "template": "reminder",
        "subjects": REMINDER_TEMPLATES,
        "reminder": template,
        "personal_note": message.strip(),
        "sender": sender,
        "link": public_link("learning.dashboard"),
    }


def reminders_send(*, participants: list[User], template: str, message: str, sender: User) -> int:
    """Queue one reminder per participant, each rendered in the participant's language."""
    reminder = _reminder(template, message, sender)
    for participant in participants:
        email_queue(to=participant, **reminder)
    return len(participants)


def reminders_preview(
    *, participants: list[User], template: str, message: str, sender: User
) -> list[tuple[OutboxEmail, list[User]]]:
    """One email per language among the participants, as the first of them would get it,
    with everyone who gets it in that language; nothing is queued."""
    by_language: dict[str, list[User]] = {}
    for participant in participants:
        by_language.setdefault(recipient_language(participant), []).append(participant)
    reminder = _reminder(template, message, sender)
    return [
        (email_render(to=readers[0], **reminder), readers)
        for _language, readers in sorted(by_language.items())
    ]
