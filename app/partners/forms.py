from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from app.forms import BruForm
from app.partners.models import WorkPlanResponse

MAX_TEXT = 5000


class WorkPlanReviewForm(BruForm):
    response = RadioField(
        _l("Your answer"),
        choices=[
            SelectChoice(WorkPlanResponse.CONFIRMED.value, _l("I confirm the plan")),
            SelectChoice(WorkPlanResponse.COMMENTED.value, _l("I have comments on the plan")),
        ],
        validators=[DataRequired(_l("Choose whether you confirm the plan or comment on it."))],
    )
    comment = TextAreaField(
        _l("Comment (shown to the participant)"), validators=[Length(max=MAX_TEXT)]
    )

    def validate_comment(self, field):
        commenting = self.response.data == WorkPlanResponse.COMMENTED.value
        if commenting and not (field.data or "").strip():
            message = _l("Write your comment, so the participant knows what to change.")
            raise ValidationError(message)


class MidTermViewForm(BruForm):
    text = TextAreaField(
        _l("How is the exchange going, as your organisation sees it?"),
        validators=[
            DataRequired(_l("Write your view first.")),
            Length(max=MAX_TEXT),
        ],
    )
