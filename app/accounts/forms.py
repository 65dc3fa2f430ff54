from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DateField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from app.accounts.passwords import StrongPassword
from app.forms import BruForm


class SignInForm(BruForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1000)])


class SetPasswordForm(BruForm):
    password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(max=1000), StrongPassword()]
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )


class ResetRequestForm(BruForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])


class InviteForm(BruForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), validators=[DataRequired()])
    organisation_id = SelectField(_l("Organisation"), coerce=int, validators=[Optional()])
    cohort_id = SelectField(_l("Cohort"), coerce=int, validators=[Optional()])
    locale = SelectField(_l("Language of the invitation"), validators=[DataRequired()])
    #: A participant's exchange, set up with the invitation (administrators only); the
    #: organisation above is the home organisation.
    host_organisation_id = SelectField(
        _l("Host organisation (receiving)"), coerce=int, validators=[Optional()]
    )
    departs_on = DateField(_l("Departure"), validators=[Optional()])
    returns_on = DateField(_l("Return"), validators=[Optional()])


class InviteCsvForm(BruForm):
    file = FileField(
        _l("CSV file"),
        validators=[
            FileRequired(_l("Choose a CSV file.")),
            FileAllowed(["csv", "txt"], _l("Upload a .csv file.")),
        ],
    )


class ProfileForm(BruForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    locale = SelectField(_l("Language"), validators=[DataRequired()])
    timezone = SelectField(
        _l("Time zone"),
        validators=[DataRequired()],
        invalid_choice_message=_l("Choose your time zone from the list."),
    )
