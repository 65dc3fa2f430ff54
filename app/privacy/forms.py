from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import DataRequired


class ErasureRequestForm(FlaskForm):
    confirm = BooleanField(
        _l(
            "I understand that my account and what I wrote in Bru will be erased, "
            "and that this cannot be undone."
        ),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )


class CancelErasureForm(FlaskForm):
    """A button only: the CSRF token is its one field."""


class CarryOutErasureForm(FlaskForm):
    confirm = BooleanField(
        _l("Erase this person's data now. This cannot be undone."),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )
