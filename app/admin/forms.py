from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from app.accounts.models import ROLE_NAMES, Role
from app.admin.queries import InvitationState
from app.forms import BruForm
from app.organisations.models import Region

REGION_NAMES = {
    Region.NORWAY: _l("Norway"),
    Region.AFRICA: _l("Africa"),
    Region.ASIA: _l("Asia"),
    Region.LATIN_AMERICA: _l("Latin America"),
}

INVITATION_STATE_NAMES = {
    InvitationState.PENDING: _l("Invitation pending"),
    InvitationState.EXPIRED: _l("Invitation expired"),
    InvitationState.ACCEPTED: _l("Invitation accepted"),
}


def country_choices() -> list[SelectChoice]:
    names = Locale.parse(str(get_locale() or "en")).territories
    codes = sorted(
        (c for c in names if isinstance(c, str) and len(c) == 2 and c.isalpha()),
        key=lambda c: names[c],
    )
    return [SelectChoice(code, names[code]) for code in codes]


class OrganisationForm(BruForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    country = SelectField(_l("Country"), validators=[DataRequired()])
    region = SelectField(
        _l("Region"),
        choices=[SelectChoice(r.value, label) for r, label in REGION_NAMES.items()],
        validators=[DataRequired()],
    )


#: Roles an administrator may give through the web. Not the safeguarding officer's: reports
#: are closed to administrators, so the role is given on the server (`flask safeguarding`).
WEB_ROLES = [r for r in ROLE_NAMES if r != Role.SAFEGUARDING]


class UserEditForm(BruForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(r.value, ROLE_NAMES[r]) for r in WEB_ROLES],
        validators=[DataRequired()],
    )
    organisation_id = SelectField(_l("Organisation"), coerce=int)
    active = BooleanField(_l("Active (may sign in)"))


class ExchangeForm(BruForm):
    participant_id = SelectField(_l("Participant"), coerce=int, validators=[DataRequired()])
    home_organisation_id = SelectField(_l("Home organisation (sending)"), coerce=int)
    host_organisation_id = SelectField(_l("Host organisation (receiving)"), coerce=int)
    departs_on = DateField(_l("Departure"), validators=[DataRequired()])
    returns_on = DateField(_l("Return"), validators=[DataRequired()])

    def validate_returns_on(self, field):
        if self.departs_on.data and field.data and field.data <= self.departs_on.data:
            raise ValidationError(_l("The return must be after the departure."))

    def validate_host_organisation_id(self, field):
        if field.data == self.home_organisation_id.data:
            raise ValidationError(_l("Home and host must be different organisations."))
