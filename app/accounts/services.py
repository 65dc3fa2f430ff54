"""Account writes: sign-in checks, invitations, password set and reset. Views commit."""

import csv
import hashlib
import io
import re
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from app.accounts.models import MAX_NAME, AccountToken, Role, TokenPurpose, User, utcnow
from app.audit.services import audit_record
from app.extensions import db
from app.mail.services import email_queue, public_link
from app.organisations.models import Cohort, Organisation
from app.organisations.services import (
    cohort_facilitator_add,
    cohort_memberships_end_for_role,
    cohort_participant_add,
)


def password_hash(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def _dummy_hash() -> str:
    """Checked against when the email is unknown, so a wrong email costs as much as a wrong
    password and the response time does not tell whether an account exists."""
    cache = current_app.extensions.setdefault("bru_dummy_hash", {})
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in cache:
        cache[method] = generate_password_hash("not-a-real-password", method=method)
    return cache[method]


class AccountError(ValueError):
    """A write refused for a reason the user can act on; str() is translated."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def user_authenticate(*, email: str, password: str) -> User | None:
    """The user if email and password match an active account with a password set."""
    user = user_by_email(email)
    if user is None or user.password_hash is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user


def user_sessions_end(*, user: User) -> None:
    """Every session of the user ends, on every device: signed-cookie sessions cannot be
    revoked one by one, so each carries the account's version, and a new version ends them."""
    user.session_version += 1


def user_set_password(*, user: User, password: str) -> None:
    user.password_hash = password_hash(password)
    # Every other session of this user ends, and so does every link that could set the
    # password again (an old reset email in a shared mailbox, a forwarded invitation).
    user_sessions_end(user=user)
    db.session.execute(
        update(AccountToken)
        .where(AccountToken.user_id == user.id, AccountToken.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )


def user_create(
    *,
    email: str,
    name: str,
    role: Role,
    organisation: Organisation | None = None,
    locale: str | None = None,
    password: str | None = None,
) -> User:
    email = normalise_email(email)
    if user_by_email(email) is not None:
        raise AccountError(_("An account with this email address already exists."))
    user = User(
        email=email,
        name=name.strip(),
        role=role,
        organisation_id=organisation.id if organisation else None,
        locale=locale,
        password_hash=password_hash(password) if password else None,
    )
    db.session.add(user)
    db.session.flush()
    return user


def _token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _token_create(*, user: User, purpose: TokenPurpose, hours: int, by: User | None) -> str:
    secret = secrets.token_urlsafe(32)
    db.session.add(
        AccountToken(
            token_hash=_token_hash(secret),
            purpose=purpose,
            user_id=user.id,
            created_by_id=by.id if by else None,
            expires_at=utcnow() + timedelta(hours=hours),
        )
    )
    db.session.flush()
    return secret


def token_find_valid(*, secret: str, purpose: TokenPurpose) -> AccountToken | None:
    """The token if it exists, is of this purpose, unused and not expired."""
    token = db.session.scalar(
        select(AccountToken).where(
            AccountToken.token_hash == _token_hash(secret), AccountToken.purpose == purpose
        )
    )
    if token is None or token.used_at is not None or token.expires_at < utcnow():
        return None
    return token


def token_use(*, token: AccountToken, password: str) -> User:
    token.used_at = utcnow()
    user = token.user
    user_set_password(user=user, password=password)
    return user


ONE_TIME_LINK_ENDPOINTS = ("accounts.accept_invitation", "accounts.reset_password")


def _link(endpoint: str, secret: str) -> str:
    return public_link(endpoint, token=secret)


def one_time_links_removed(text: str) -> str:
    """`text` (an email) with the secret of every invitation and reset link taken out.

    For copies of emails that leave Bru's hands, such as the personal-data download: a
    copy must not be a working key to the account.
    """
    for endpoint in ONE_TIME_LINK_ENDPOINTS:
        # The route's path up to its <token> (no request needed, unlike url_for).
        [rule] = current_app.url_map.iter_rules(endpoint)
        prefix = rule.rule.partition("<")[0]
        text = re.sub(re.escape(prefix) + r"[A-Za-z0-9_\-]+", prefix + "(removed)", text)
    return text


def invitation_send(*, user: User, invited_by: User | None) -> None:
    secret = _token_create(
        user=user,
        purpose=TokenPurpose.INVITATION,
        hours=current_app.config["INVITATION_VALID_HOURS"],
        by=invited_by,
    )
    email_queue(
        to=user,
        template="invitation",
        link=_link("accounts.accept_invitation", secret),
        invited_by=invited_by,
        valid_days=current_app.config["INVITATION_VALID_HOURS"] // 24,
    )


def invitation_create(
    *,
    email: str,
    name: str,
    role: Role,
    organisation: Organisation | None,
    cohort: Cohort | None,
    invited_by: User,
    locale: str | None = None,
) -> User:
    user = user_create(email=email, name=name, role=role, organisation=organisation, locale=locale)
    if cohort is not None and role == Role.PARTICIPANT:
        cohort_participant_add(cohort=cohort, participant=user, by=invited_by)
    elif cohort is not None and role == Role.FACILITATOR:
        cohort_facilitator_add(cohort=cohort, facilitator=user, by=invited_by)
    invitation_send(user=user, invited_by=invited_by)
    return user


def user_role_change(
    *, user: User, role: Role, by: User | None, action: str = "user.role_change"
) -> None:
    """Give `user` another role; memberships of the old role end (and are told). Audited."""
    if role == user.role:
        return
    user.role = role
    audit_record(actor=by, action=action, object_type="user", object_id=user.id)
    cohort_memberships_end_for_role(user=user, by=by)


def user_update(
    *, user: User, name: str, role: Role, organisation_id: int | None, active: bool, by: User
) -> None:
    """An administrator's change to an account. A deactivated account is signed out
    everywhere; a new role ends the memberships of the old one. Audited: who changed whose
    account, and when; not what it was changed to."""
    user.name = name.strip()
    user_role_change(user=user, role=role, by=by)
    user.organisation_id = organisation_id
    if user.active and not active:
        user_sessions_end(user=user)
    user.active = active
    audit_record(actor=by, action="user.update", object_type="user", object_id=user.id)
    db.session.flush()


def password_reset_request(*, email: str) -> None:
    """Email a reset link if the address has an active account; say nothing either way."""
    user = user_by_email(email)
    if user is None or not user.active or user.password_hash is None:
        return
    secret = _token_create(
        user=user,
        purpose=TokenPurpose.PASSWORD_RESET,
        hours=current_app.config["PASSWORD_RESET_VALID_HOURS"],
        by=None,
    )
    email_queue(to=user, template="password_reset", link=_link("accounts.reset_password", secret))


CSV_COLUMNS = ("email", "name", "role", "organisation", "cohort")


def _unreadable_row() -> str:
    return _("This row could not be read: a quotation mark is not closed, or a cell is too long.")


@dataclass
class CsvImportResult:
    invited: list[User] = field(default_factory=list)
    #: (line number, message) for every row that could not be imported.
    errors: list[tuple[int, str]] = field(default_factory=list)


def invitations_from_csv(
    *, data: bytes, invited_by: User, allowed_roles: set[Role], cohorts: list[Cohort]
) -> CsvImportResult:
    """Invite everyone in a CSV file, or nobody: one bad row rejects the whole file.

    Columns: email, name, role, organisation (name), cohort (name, one of `cohorts`). The caller
    commits
    only when `errors` is empty, and rolls back otherwise.
    """
    result = CsvImportResult()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append((1, _("The file is not UTF-8 text.")))
        return result
    # newline=None: "\r", "\r\n" and "\n" all end a line, as spreadsheet programs write them.
    reader = csv.DictReader(io.StringIO(text, newline=None), strict=True)
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error:
        result.errors.append((1, _unreadable_row()))
        return result
    missing = [c for c in CSV_COLUMNS[:3] if c not in header]
    if missing:
        result.errors.append((1, _("Missing columns: %(columns)s.", columns=", ".join(missing))))
        return result
    reader.fieldnames = header
    organisations = {o.name.casefold(): o for o in db.session.scalars(select(Organisation))}
    cohorts_by_name = {c.name.casefold(): c for c in cohorts}
    known_emails = set(db.session.scalars(select(func.lower(User.email))))
    seen: set[str] = set()
    rows = []
    while True:
        first_line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:
            # Past an unclosed quote or an oversized cell the rest cannot be trusted either.
            result.errors.append((first_line, _unreadable_row()))
            break
        line = reader.line_num
        if None in row:  # more cells than columns
            result.errors.append((line, _("This row has more cells than the header.")))
            continue
        values = {k: (v or "").strip() for k, v in row.items()}
        if any("\x00" in value for value in values.values()):
            result.errors.append(
                (line, _("This row holds a character that cannot be stored (a NUL byte)."))
            )
            continue
        try:
            email = validate_email(values["email"], check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            result.errors.append(
                (line, _("'%(email)s' is not an email address.", email=values["email"]))
            )
            continue
        if email in known_emails or email in seen:
            result.errors.append((line, _("%(email)s already has an account.", email=email)))
            continue
        seen.add(email)
        if not values["name"]:
            result.errors.append((line, _("The name is missing.")))
            continue
        if len(values["name"]) > MAX_NAME:
            result.errors.append(
                (line, _("The name is longer than %(max)d characters.", max=MAX_NAME))
            )
            continue
        try:
            role = Role(values["role"].lower())
        except ValueError:
            role = None
        if role is None or role not in allowed_roles:
            result.errors.append(
                (line, _("'%(role)s' is not a role you can invite.", role=values["role"]))
            )
            continue
        organisation = None
        if values.get("organisation"):
            organisation = organisations.get(values["organisation"].casefold())
            if organisation is None:
                result.errors.append(
                    (line, _("No organisation is called '%(name)s'.", name=values["organisation"]))
                )
                continue
        cohort = None
        if values.get("cohort"):
            cohort = cohorts_by_name.get(values["cohort"].casefold())
            if cohort is None:
                result.errors.append(
                    (line, _("No cohort is called '%(name)s'.", name=values["cohort"]))
                )
                continue
        rows.append((email, values["name"], role, organisation, cohort))
    if not rows and not result.errors:
        result.errors.append((1, _("The file has no rows to import.")))
    if result.errors:
        return result
    for email, name, role, organisation, cohort in rows:
        result.invited.append(
            invitation_create(
                email=email,
                name=name,
                role=role,
                organisation=organisation,
                cohort=cohort,
                invited_by=invited_by,
            )
        )
    return result
