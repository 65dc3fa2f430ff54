"""Facilitators' writes: reminders through the outbox."""

from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.mail.services import email_queue, public_link

#: Reminder messages a facilitator can pick; the key names the email's text.
REMINDER_TEMPLATES = {
    "behind": _l("You are behind in your training"),
    "phase_open": _l("A new part of your training is open"),
    "check_in": _l("Time for your monthly reflection"),
}


def reminders_send(*, participants: list[User], template: str, message: str, sender: User) -> int:
    """Queue one reminder per participant, each rendered in the participant's language."""
    link = public_link("learning.dashboard")
    for participant in participants:
        email_queue(
            to=participant,
            template="reminder",
            subjects=REMINDER_TEMPLATES,
            reminder=template,
            personal_note=message.strip(),
            sender=sender,
            link=link,
        )
    return len(participants)
