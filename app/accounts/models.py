import enum
from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model, value_enum


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Role(enum.StrEnum):
    PARTICIPANT = "participant"
    FACILITATOR = "facilitator"
    #: A contact person of a partner organisation.
    PARTNER = "partner"
    ADMIN = "admin"
    #: A safeguarding officer: receives and follows up reports of concern, and nothing else.
    SAFEGUARDING = "safeguarding"


ROLE_NAMES = {
    Role.PARTICIPANT: _l("Participant"),
    Role.FACILITATOR: _l("Facilitator"),
    Role.PARTNER: _l("Partner contact"),
    Role.ADMIN: _l("Administrator"),
    Role.SAFEGUARDING: _l("Safeguarding officer"),
}

#: Who walks the courses of each audience (a course's `audience` in course.yaml): participants
#: walk participant courses, partner organisations' contact persons walk partner courses.
ROLE_OF_AUDIENCE = {"participants": Role.PARTICIPANT, "partners": Role.PARTNER}
#: The roles that learn in Bru: walk courses, answer exercises and keep a journal.
LEARNERS = frozenset(ROLE_OF_AUDIENCE.values())

#: The longest name a person may have in Bru.
MAX_NAME = 200


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-cased, so sign-in and invitations match whatever case is typed.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(MAX_NAME))
    role: Mapped[Role] = mapped_column(value_enum(Role))
    #: None until the invitation has been accepted.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    #: The organisation a partner contact speaks for (and a participant's home organisation).
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    #: Saved interface language; None means "follow the session / browser".
    locale: Mapped[str | None] = mapped_column(String(10))
    timezone: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(default=True)
    #: Bumped at password change and sign-out everywhere; sessions carrying an older value end.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime | None]

    organisation = relationship("Organisation", lazy="joined")

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles


class TokenPurpose(enum.StrEnum):
    INVITATION = "invitation"
    PASSWORD_RESET = "password_reset"


class AccountToken(Model):
    """A one-time link: invitation or password reset. Only a hash of the secret is stored."""

    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[TokenPurpose] = mapped_column(value_enum(TokenPurpose))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    #: When the link was used, or cancelled: setting a password cancels every other link.
    used_at: Mapped[datetime | None]

    user = relationship(User, foreign_keys=[user_id])
