"""Invitations from a CSV file, as spreadsheet programs save it: comma, semicolon (what
Norwegian and other European Excels write) or tab between cells; UTF-8 with or without a byte
order mark, UTF-16 ("Unicode text"), or Windows-1252 (Excel's "CSV" on Windows).

Each row is checked on its own: the good rows are invited, each bad row is reported by line,
and nothing in a row can make the upload fail as a whole.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from babel import Locale
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.models import MAX_NAME, Role, User
from app.accounts.services import (
    ExchangePlan,
    exchange_plan_problems,
    invitation_create,
    invitation_resend,
)
from app.extensions import db
from app.i18n import own_name
from app.organisations.models import Cohort, Organisation

REQUIRED_COLUMNS = ("email", "name", "role")
#: organisation: a participant's home organisation; host, departs, returns: their exchange.
OPTIONAL_COLUMNS = ("organisation", "cohort", "language", "host", "departs", "returns")
EXCHANGE_COLUMNS = ("host", "departs", "returns")
#: Other headers spreadsheets and people commonly write for the same column.
COLUMN_ALIASES = {"e-mail": "email", "locale": "language", "lang": "language"}
DELIMITER_NAMES = {",": _l("commas"), ";": _l("semicolons"), "\t": _l("tabs")}
#: ISO first; then the day-first forms European and African spreadsheets write.
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")


class CsvFileError(ValueError):
    """The file as a whole cannot be read; str() says what to do, translated."""


@dataclass
class CsvImportResult:
    invited: list[User] = field(default_factory=list)
    #: Accounts invited before and never accepted, sent a new link.
    resent: list[User] = field(default_factory=list)
    #: (line number, message) for every row that was not imported.
    errors: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class _Row:
    line: int
    email: str
    name: str
    role: Role
    organisation: Organisation | None
    cohort: Cohort | None
    language: str | None
    exchange: ExchangePlan | None


def _save_as_hint() -> str:
    return _(
        "In your spreadsheet program, choose Save as (or Download as) and the type "
        "“CSV UTF-8” or “CSV”."
    )


def decode(data: bytes) -> str:
    if data.startswith(b"PK\x03\x04"):
        raise CsvFileError(
            _("This is a spreadsheet file (.xlsx or .ods), not a CSV file.") + " " + _save_as_hint()
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text.partition("\n")[0]:  # a header of NULs: UTF-16 or binary
            return text
    raise CsvFileError(_("The file is not text in a form Bru can read.") + " " + _save_as_hint())


def _header_cells(line: str, delimiter: str) -> list[str]:
    cells = next(csv.reader([line], delimiter=delimiter), [])
    return [COLUMN_ALIASES.get(c.strip().lower(), c.strip().lower()) for c in cells]


def sniff_delimiter(first_line: str) -> str:
    """The delimiter that makes the most known column names of the header, then the most
    columns (a header of unknown names is still split as it was meant)."""
    known = set(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)

    def score(delimiter: str) -> tuple[int, int]:
        cells = _header_cells(first_line, delimiter)
        return sum(c in known for c in cells), len(cells)

    return max(DELIMITER_NAMES, key=score)


def _missing_columns_message(missing: list[str], found: list[str], delimiter: str) -> str:
    return " ".join(
        [
            _("Missing columns: %(columns)s.", columns=", ".join(missing)),
            _(
                "The first line was read as %(count)d columns separated by %(delimiter)s: "
                "%(found)s.",
                count=len(found),
                delimiter=DELIMITER_NAMES[delimiter],
                found=", ".join(found) or "-",
            ),
            _(
                "The first line must name the columns in English, for example: %(example)s",
                example="email,name,role,organisation,cohort,language",
            ),
        ]
    )


def _language_names() -> dict[str, str]:
    """What a language cell may say: the code, the language's own name or its English name."""
    names = {}
    for code in current_app.config["LANGUAGES"]:
        for name in (code, own_name(code), Locale.parse(code).get_display_name("en")):
            if name:
                names[name.casefold()] = code
    return names


def _parse_date(value: str) -> date:
    for format in DATE_FORMATS:
        try:
            return datetime.strptime(value, format).date()
        except ValueError:
            continue
    raise ValueError(value)


class _RowError(ValueError):
    pass


class _RowReader:
    """Turns one row's cells into a _Row, or raises _RowError with what is wrong."""

    def __init__(self, *, allowed_roles: set[Role], cohorts: list[Cohort], exchanges: bool):
        self.allowed_roles = allowed_roles
        self.exchanges = exchanges
        self.organisations = {
            o.name.casefold(): o for o in db.session.scalars(select(Organisation))
        }
        self.cohorts = {c.name.casefold(): c for c in cohorts}
        self.languages = _language_names()
        self.max_name = MAX_NAME

    def read(self, line: int, values: dict[str, str]) -> _Row:
        if any("\x00" in value for value in values.values()):
            raise _RowError(_("This row holds a character that cannot be stored (a NUL byte)."))
        organisation = self._organisation(values.get("organisation", ""))
        return _Row(
            line=line,
            email=self._email(values["email"]),
            name=self._name(values["name"]),
            role=self._role(values["role"]),
            organisation=organisation,
            cohort=self._cohort(values.get("cohort", "")),
            language=self._language(values.get("language", "")),
            exchange=self._exchange(organisation, values),
        )

    def _email(self, value: str) -> str:
        try:
            return validate_email(value, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            raise _RowError(_("'%(email)s' is not an email address.", email=value)) from None

    def _name(self, value: str) -> str:
        if not value:
            raise _RowError(_("The name is missing."))
        if len(value) > self.max_name:
            raise _RowError(_("The name is longer than %(max)d characters.", max=self.max_name))
        return value

    def _role(self, value: str) -> Role:
        role = next((r for r in Role if r.value == value.lower()), None)
        if role is None or role not in self.allowed_roles:
            allowed = ", ".join(r.value for r in Role if r in self.allowed_roles)
            raise _RowError(
                _("'%(role)s' is not a role you can invite.", role=value)
                + " "
                + _("Write one of: %(roles)s.", roles=allowed)
            )
        return role

    def _organisation(self, value: str) -> Organisation | None:
        if not value:
            return None
        found = self.organisations.get(value.casefold())
        if found is None:
            raise _RowError(_("No organisation is called '%(name)s'.", name=value))
        return found

    def _cohort(self, value: str) -> Cohort | None:
        if not value:
            return None
        found = self.cohorts.get(value.casefold())
        if found is None:
            raise _RowError(_("No cohort is called '%(name)s'.", name=value))
        return found

    def _language(self, value: str) -> str | None:
        if not value:
            return None
        found = self.languages.get(value.casefold())
        if found is None:
            raise _RowError(
                _(
                    "'%(language)s' is not a language of Bru: write one of %(codes)s.",
                    language=value,
                    codes=", ".join(current_app.config["LANGUAGES"]),
                )
            )
        return found

    def _date(self, value: str) -> date | None:
        if not value:
            return None
        try:
            return _parse_date(value)
        except ValueError:
            raise _RowError(
                _("'%(value)s' is not a date: write it as 2026-08-31 or 31.08.2026.", value=value)
            ) from None

    def _exchange(self, home: Organisation | None, values: dict[str, str]) -> ExchangePlan | None:
        if not any(values.get(c) for c in EXCHANGE_COLUMNS):
            return None
        if not self.exchanges:
            raise _RowError(
                _("Only an administrator sets up exchanges: leave host, departs and returns empty.")
            )
        host = self._organisation(values.get("host", ""))
        departs_on, returns_on = (
            self._date(values.get("departs", "")),
            self._date(values.get("returns", "")),
        )
        problems = exchange_plan_problems(
            home=home, host=host, departs_on=departs_on, returns_on=returns_on
        )
        if problems:
            raise _RowError(" ".join(problems.values()))
        assert host and departs_on and returns_on  # no problems: all three are given
        return ExchangePlan(host=host, departs_on=departs_on, returns_on=returns_on)


def _unreadable_row() -> str:
    return _("This row could not be read: a quotation mark is not closed, or a cell is too long.")


def _rows(text: str, result: CsvImportResult, reader_of_row: _RowReader) -> list[_Row]:
    """The rows that are good on their own; every other row is reported in `result`."""
    first_line = text.splitlines()[0] if text.strip() else ""
    delimiter = sniff_delimiter(first_line)
    # newline=None: "\r", "\r\n" and "\n" all end a line, as spreadsheet programs write them.
    reader = csv.DictReader(io.StringIO(text, newline=None), delimiter=delimiter, strict=True)
    try:
        header = [
            COLUMN_ALIASES.get(h.strip().lower(), h.strip().lower())
            for h in reader.fieldnames or []
        ]
    except csv.Error:
        raise CsvFileError(_unreadable_row()) from None
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        found = [h.strip() for h in reader.fieldnames or []]
        raise CsvFileError(_missing_columns_message(missing, found, delimiter))
    reader.fieldnames = header
    rows, seen = [], set()
    while True:
        first = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            # Past an unclosed quote or an oversized cell the rest cannot be trusted either.
            result.errors.append((first, _unreadable_row()))
            break
        line = reader.line_num
        if None in cells:  # more cells than columns
            result.errors.append((line, _("This row has more cells than the header.")))
            continue
        values = {k: (v or "").strip() for k, v in cells.items()}
        if not any(values.values()):
            continue  # an empty line, as spreadsheets leave at the end
        try:
            row = reader_of_row.read(line, values)
        except _RowError as error:
            result.errors.append((line, str(error)))
            continue
        if row.email in seen:
            result.errors.append((line, _("%(email)s is in the file twice.", email=row.email)))
            continue
        seen.add(row.email)
        rows.append(row)
    return rows


def invitations_from_csv(
    *,
    data: bytes,
    invited_by: User,
    allowed_roles: set[Role],
    cohorts: list[Cohort],
    exchanges: bool = False,
) -> CsvImportResult:
    """Invite everyone on a good row; send a new link to whoever was invited before and never
    accepted; report every other row. `exchanges`: whether the inviter may set up exchanges.
    The caller commits. Raises CsvFileError when the file as a whole cannot be read."""
    result = CsvImportResult()
    text = decode(data)
    if not text.strip():
        raise CsvFileError(_("The file has no rows to import."))
    reader_of_row = _RowReader(allowed_roles=allowed_roles, cohorts=cohorts, exchanges=exchanges)
    rows = _rows(text, result, reader_of_row)
    existing = {
        u.email: u
        for u in db.session.scalars(select(User).where(User.email.in_([r.email for r in rows])))
    }
    for row in rows:
        account = existing.get(row.email)
        if account is None:
            result.invited.append(_invite(row, invited_by))
        elif account.password_hash is None and account.role in allowed_roles:
            invitation_resend(user=account, by=invited_by, locale=row.language)
            result.resent.append(account)
        else:
            result.errors.append(
                (row.line, _("%(email)s already has an account.", email=row.email))
            )
    if not rows and not result.errors:
        raise CsvFileError(_("The file has no rows to import."))
    result.errors.sort()
    return result


def _invite(row: _Row, invited_by: User) -> User:
    return invitation_create(
        email=row.email,
        name=row.name,
        role=row.role,
        organisation=row.organisation,
        cohort=row.cohort,
        invited_by=invited_by,
        locale=row.language,
        exchange=row.exchange,
    )
