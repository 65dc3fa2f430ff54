from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.follow_up.services import REMINDER_TEMPLATES
from app.forms import BruForm


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ReminderForm(BruForm):
    participant_ids = MultiCheckboxField(
        _l("Participants"),
        coerce=int,
        validators=[DataRequired(_l("Choose at least one participant."))],
    )
    template = SelectField(
        _l("Message"),
        choices=[SelectChoice(k, v) for k, v in REMINDER_TEMPLATES.items()],
        default="behind",
    )
    message = TextAreaField(
        _l("A personal note (optional, sent as you write it)"),
        validators=[Optional(), Length(max=5000)],
    )


class CohortForm(BruForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    courses = MultiCheckboxField(
        _l("Courses"), validators=[DataRequired(_l("Choose at least one course."))]
    )
    starts_on = DateField(_l("Starts on"), validators=[DataRequired()])
    ends_on = DateField(_l("Ends on"), validators=[DataRequired()])
    facilitator_ids = MultiCheckboxField(_l("Facilitators"), coerce=int)

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end date must be after the start date."))

    def validate_courses(self, field):
        from app.content import catalog

        audiences = {c.audience for c in map(catalog().course, field.data or []) if c}
        if len(audiences) > 1:
            raise ValidationError(
                _l(
                    "A cohort is for participants or for partner staff: choose courses for "
                    "one of them."
                )
            )


class AddParticipantsForm(BruForm):
    participant_ids = MultiCheckboxField(
        _l("Participants"),
        coerce=int,
        validators=[DataRequired(_l("Choose at least one participant."))],
    )


class AddFacilitatorsForm(BruForm):
    facilitator_ids = MultiCheckboxField(
        _l("Facilitators"),
        coerce=int,
        validators=[DataRequired(_l("Choose at least one facilitator."))],
    )


class RemoveMemberForm(BruForm):
    # Within the database's integer range: a larger id names nobody.
    user_id = IntegerField(validators=[DataRequired(), NumberRange(min=1, max=2**31 - 1)])
