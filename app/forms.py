"""The base of every Bru form: WTForms' own messages ("This field is required.") come from
Bru's catalogs, so they exist in every language Bru speaks (WTForms ships no Nynorsk or
Swahili); and whatever is posted, a field gets a value it can check, never a 500."""

from flask import request
from flask_babel import get_translations, lazy_ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto, _is_submitted
from werkzeug.datastructures import FileStorage, MultiDict
from wtforms import FileField, IntegerField

from app.extensions import MAX_INTEGER


class _BruTranslations:
    """WTForms formats its messages itself: hand it the raw translated strings."""

    def gettext(self, string: str) -> str:
        return get_translations().gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ngettext(singular, plural, n)


class BruForm(FlaskForm):
    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return _BruTranslations()

        def wrap_formdata(self, form, formdata):
            """The posted form only: an uploaded file reaches file fields alone (a file in a
            text field is no text), and a JSON body is not a form."""
            if formdata is not _Auto:
                return super().wrap_formdata(form, formdata)
            if not _is_submitted():
                return None
            data: MultiDict[str, str | FileStorage] = MultiDict(request.form)
            for name, field in form._fields.items():
                if isinstance(field, FileField) and name in request.files:
                    data.setlist(name, request.files.getlist(name))
            return data or None

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Numbers are stored in INTEGER columns: a larger one is refused here, not by the database.
        for field in self:
            number = field.data if isinstance(field, IntegerField) else None
            if number is not None and not -MAX_INTEGER - 1 <= number <= MAX_INTEGER:
                field.errors = [*field.errors, field.gettext("Not a valid integer value.")]
                valid = False
        return valid


#: WTForms' messages that Bru's forms can show, listed so `flask translate extract` finds them.
WTFORMS_MESSAGES = (
    _l("This field is required."),
    _l("Invalid email address."),
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Invalid choice(s): one or more data inputs could not be coerced."),
    _l("Not a valid integer value."),
    _l("Not a valid date value."),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Invalid input."),
    lazy_ngettext(
        "Field cannot be longer than %(max)d character.",
        "Field cannot be longer than %(max)d characters.",
        1,
    ),
    lazy_ngettext(
        "Field must be at least %(min)d character long.",
        "Field must be at least %(min)d characters long.",
        1,
    ),
    lazy_ngettext(
        "'%(value)s' is not a valid choice for this field.",
        "'%(value)s' are not valid choices for this field.",
        1,
    ),
)
