import re

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import HiddenField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp
from wtforms.widgets import HiddenInput

from app.accounts.models import Role
from app.forms import BruForm
from app.journal.models import MAX_BODY, MAX_COMMENT, MAX_TITLE, Audience

#: A draft key is made for each editor (models.new_draft_key); letters, digits, - and _ only.
DRAFT_KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
DRAFT_KEY = Regexp(DRAFT_KEY_PATTERN, message=_l("This editor is not valid."))
#: Drafts keep what was typed even past the entry's limits (the save form then says so).
MAX_DRAFT_TITLE = 2_000
MAX_DRAFT_BODY = 200_000


def audience_choices() -> list[tuple[str, str]]:
    """Who the writer may share with: a partner organisation's own staff share with their
    facilitators, not with partner organisations."""
    choices = [
        (Audience.PRIVATE.value, _l("Only me")),
        (Audience.FACILITATORS.value, _l("Me and my facilitators")),
    ]
    if current_user.role == Role.PARTICIPANT:
        choices.append(
            (Audience.PARTNERS.value, _l("Me, my facilitators and my partner organisations"))
        )
    return choices


class JournalEntryForm(BruForm):
    """Editing an entry: its text. Sharing is changed on the entry's page."""

    # No maxlength in the page: a browser would cut pasted text short without a word.
    title = StringField(
        _l("Title (optional)"),
        validators=[Optional(), Length(max=MAX_TITLE)],
        render_kw={"maxlength": False},
    )
    body = TextAreaField(
        _l("Your entry"),
        validators=[DataRequired(message=_l("Write something first.")), Length(max=MAX_BODY)],
        render_kw={"maxlength": False, "required": False, "rows": 14},
    )
    #: The entry version this text is based on (optimistic concurrency).
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    draft_key = HiddenField(validators=[DataRequired(), DRAFT_KEY])
    #: The revision of the draft this editor last saw or wrote ("" for none).
    draft_revision = HiddenField(validators=[Optional(), Length(max=16)])


class NewJournalEntryForm(JournalEntryForm):
    audience = RadioField(
        _l("Who can read it"),
        choices=audience_choices,
        default=Audience.PRIVATE.value,
        validators=[InputRequired()],
    )


class DraftForm(BruForm):
    """What the editor autosaves: the text as typed, whatever it is."""

    draft_key = HiddenField(validators=[DataRequired(), DRAFT_KEY])
    draft_revision = HiddenField(validators=[Optional(), Length(max=16)])
    entry_id = IntegerField(validators=[Optional()])
    version = IntegerField(validators=[Optional()])
    title = StringField(validators=[Optional(), Length(max=MAX_DRAFT_TITLE)])
    body = TextAreaField(validators=[Optional(), Length(max=MAX_DRAFT_BODY)])


class AudienceForm(BruForm):
    audience = RadioField(
        _l("Who can read it"), choices=audience_choices, validators=[InputRequired()]
    )


class CommentForm(BruForm):
    body = TextAreaField(
        _l("Your comment"),
        validators=[
            DataRequired(message=_l("Write your comment first.")),
            Length(max=MAX_COMMENT),
        ],
    )


class AdminReadForm(BruForm):
    reason = StringField(
        _l("Why do you need to read this entry?"),
        validators=[DataRequired(), Length(min=10, max=500)],
    )


class DiscardDraftForm(BruForm):
    """A button only: the CSRF token is its one field."""
