from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms.validators import DataRequired

from app.forms import BruForm


class ErasureRequestForm(BruForm):
    confirm = BooleanField(
        _l(
            "I understand that my account and what I wrote in Bru will be erased, "
            "and that this cannot be undone."
        ),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )


class CancelErasureForm(BruForm):
    """A button only: the CSRF token is its one field."""


class CarryOutErasureForm(BruForm):
    confirm = BooleanField(
        _l("Erase this person's data now. This cannot be undone."),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )
