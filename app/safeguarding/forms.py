from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.forms import BruForm
from app.safeguarding.models import MAX_ACCOUNT, MAX_MESSAGE, MAX_PEOPLE, ReportStatus

STATUS_NAMES = {
    ReportStatus.NEW: _l("New"),
    ReportStatus.FOLLOW_UP: _l("In follow-up"),
    ReportStatus.CLOSED: _l("Closed"),
}


class ReportForm(BruForm):
    what_happened = TextAreaField(
        _l("What happened?"),
        validators=[
            DataRequired(message=_l("Tell us what happened.")),
            Length(max=MAX_ACCOUNT),
        ],
        render_kw={"rows": 10},
    )
    people_involved = TextAreaField(
        _l("People involved (optional)"),
        validators=[Optional(), Length(max=MAX_PEOPLE)],
        render_kw={"rows": 3},
    )
    may_contact = BooleanField(_l("The safeguarding officers may contact me about this report."))


class MessageForm(BruForm):
    body = TextAreaField(
        _l("Your message"),
        validators=[DataRequired(message=_l("Write your message first.")), Length(max=MAX_MESSAGE)],
        render_kw={"rows": 4},
    )


class StatusForm(BruForm):
    status = RadioField(
        _l("Status"),
        choices=[SelectChoice(s.value, label) for s, label in STATUS_NAMES.items()],
        validators=[InputRequired()],
    )
