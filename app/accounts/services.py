"""Account writes: sign-in checks, invitations, password set and reset. Views commit."""

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update
from werkzeug.security import check_password_hash, generate_password_hash

from app.accounts.models import AccountToken, Role, TokenPurpose, User, utcnow
from app.audit.services import audit_record
from app.extensions import db
from app.mail.services import email_queue, public_link
from app.organisations.models import Cohort, Organisation
from app.organisations.services import (
    cohort_facilitator_add,
    cohort_memberships_end_for_role,
    cohort_participant_add,
    exchange_create,
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


def token_find(*, secret: str, purpose: TokenPurpose) -> AccountToken | None:
    """The token of this purpose, valid or not (an expired link still names its person)."""
    return db.session.scalar(
        select(AccountToken).where(
            AccountToken.token_hash == _token_hash(secret), AccountToken.purpose == purpose
        )
    )


def token_find_valid(*, secret: str, purpose: TokenPurpose) -> AccountToken | None:
    """The token if it exists, is of this purpose, unused and not expired."""
    token = token_find(secret=secret, purpose=purpose)
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


def _invitation_links_cancel(user: User) -> None:
    """Only the newest invitation link works: a lost or forwarded one is no key."""
    db.session.execute(
        update(AccountToken)
        .where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == TokenPurpose.INVITATION,
            AccountToken.used_at.is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )


def invitation_send(*, user: User, invited_by: User | None) -> None:
    _invitation_links_cancel(user)
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


def invitation_resend(*, user: User, by: User | None, locale: str | None = None) -> None:
    """A new invitation link for an account whose invitation was never accepted; `by` None:
    the invitee asked for it themselves ("Forgot your password?"). Audited."""
    if user.password_hash is not None:
        raise AccountError(
            _("This account has a password already: there is no invitation to send.")
        )
    if locale:
        user.locale = locale
    invitation_send(user=user, invited_by=by)
    audit_record(
        actor=by,
        action="user.invitation_resend",
        object_type="user",
        object_id=user.id,
        person=user,
    )


class AlreadyInvited(AccountError):
    """The address has an account whose invitation was never accepted: send it again."""

    def __init__(self, user: User):
        super().__init__(user.email)
        self.user = user


@dataclass(frozen=True)
class ExchangePlan:
    """A participant's exchange, given with their invitation: home is their organisation."""

    host: Organisation
    departs_on: date
    returns_on: date


def exchange_plan_problems(
    *,
    home: Organisation | None,
    host: Organisation | None,
    departs_on: date | None,
    returns_on: date | None,
) -> dict[str, str]:
    """What is missing or wrong in an exchange given with an invitation, by field; nothing
    given at all is no exchange, and no problem."""
    if host is None and departs_on is None and returns_on is None:
        return {}
    problems = {}
    if home is None:
        problems["organisation"] = _("Choose the home organisation (the one that sends them).")
    if host is None:
        problems["host"] = _("Choose the host organisation (the one that receives them).")
    elif home is not None and host.id == home.id:
        problems["host"] = _("Home and host must be different organisations.")
    if departs_on is None:
        problems["departs_on"] = _("Give the departure date.")
    if returns_on is None:
        problems["returns_on"] = _("Give the return date.")
    elif departs_on is not None and returns_on <= departs_on:
        problems["returns_on"] = _("The return must be after the departure.")
    return problems


def invitation_create(
    *,
    email: str,
    name: str,
    role: Role,
    organisation: Organisation | None,
    cohort: Cohort | None,
    invited_by: User,
    locale: str | None = None,
    exchange: ExchangePlan | None = None,
) -> User:
    """Invite someone, and for a participant set up in the same pass what makes their
    courses open at the right time: cohort and exchange. Raises AlreadyInvited when the
    address was invited before and never accepted."""
    existing = user_by_email(email)
    if existing is not None and existing.password_hash is None:
        raise AlreadyInvited(existing)
    user = user_create(email=email, name=name, role=role, organisation=organisation, locale=locale)
    if cohort is not None and role == Role.PARTICIPANT:
        cohort_participant_add(cohort=cohort, participant=user, by=invited_by)
    elif cohort is not None and role == Role.FACILITATOR:
        cohort_facilitator_add(cohort=cohort, facilitator=user, by=invited_by)
    if exchange is not None and organisation is not None and role == Role.PARTICIPANT:
        exchange_create(
            participant=user,
            home=organisation,
            host=exchange.host,
            departs_on=exchange.departs_on,
            returns_on=exchange.returns_on,
            by=invited_by,
        )
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
    """Email a reset link if the address has an active account, or a new invitation link if
    the account was invited and never accepted; say nothing either way."""
    user = user_by_email(email)
    if user is None or not user.active:
        return
    if user.password_hash is None:
        invitation_resend(user=user, by=None)
        return
    secret = _token_create(
        user=user,
        purpose=TokenPurpose.PASSWORD_RESET,
        hours=current_app.config["PASSWORD_RESET_VALID_HOURS"],
        by=None,
    )
    email_queue(to=user, template="password_reset", link=_link("accounts.reset_password", secret))
