"""Who may see what, decided once as query filters; and the headers every response carries.

Views fetch people and cohorts through these filters, so anything outside a user's reach
is a 404 — never a 403 that would confirm it exists.
"""

import re
from functools import wraps
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, jsonify, request, url_for
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf
from sqlalchemy import Select, and_, false, or_, select
from werkzeug.middleware.proxy_fix import ProxyFix

from app.accounts.models import Role, User
from app.extensions import db
from app.organisations.models import Cohort, CohortMember, Exchange, MemberRole


def facilitated_cohort_ids(user: User) -> Select:
    return select(CohortMember.cohort_id).where(
        CohortMember.user_id == user.id, CohortMember.role == MemberRole.FACILITATOR
    )


def followed_by(user: User) -> Select | None:
    """The ids of the people `user` follows, or None for nobody. Who follows whom, once:

    - a facilitator: the learners of the cohorts they facilitate (participants, or partner
      staff in a partner-training cohort);
    - a partner contact: the participants their organisation sends or hosts (both sides of a
      reciprocal exchange follow it).
    """
    if user.role == Role.FACILITATOR:
        return select(CohortMember.user_id).where(
            CohortMember.role == MemberRole.PARTICIPANT,
            CohortMember.cohort_id.in_(facilitated_cohort_ids(user)),
        )
    if user.role == Role.PARTNER and user.organisation_id is not None:
        return select(Exchange.participant_id).where(
            or_(
                Exchange.home_organisation_id == user.organisation_id,
                Exchange.host_organisation_id == user.organisation_id,
            )
        )
    return None


def participant_visible_to(user: User):
    """A WHERE clause on User: the people whose progress `user` may follow."""
    if user.role == Role.ADMIN:
        return User.role == Role.PARTICIPANT
    if user.role == Role.PARTICIPANT:
        return User.id == user.id
    followed = followed_by(user)
    if followed is None:
        return false()
    if user.role == Role.PARTNER:
        return and_(User.role == Role.PARTICIPANT, User.id.in_(followed))
    return User.id.in_(followed)


#: The kind of cohort membership each role takes part through: a role change leaves no
#: access through memberships of the old role (they are removed, and not counted meanwhile).
MEMBER_ROLE_OF = {
    Role.FACILITATOR: MemberRole.FACILITATOR,
    Role.PARTICIPANT: MemberRole.PARTICIPANT,
    # A partner contact learns in a partner-training cohort.
    Role.PARTNER: MemberRole.PARTICIPANT,
}


def cohort_visible_to(user: User):
    """A WHERE clause on Cohort: the cohorts `user` takes part in or facilitates."""
    if user.role == Role.ADMIN:
        return Cohort.id.is_not(None)
    if user.role in MEMBER_ROLE_OF:
        return Cohort.id.in_(
            select(CohortMember.cohort_id).where(
                CohortMember.user_id == user.id, CohortMember.role == MEMBER_ROLE_OF[user.role]
            )
        )
    return false()


def followed_participant_ids() -> Select:
    """Participants whom some facilitator follows: members of a cohort with a facilitator."""
    led = select(CohortMember.cohort_id).where(CohortMember.role == MemberRole.FACILITATOR)
    return select(CohortMember.user_id).where(
        CohortMember.role == MemberRole.PARTICIPANT, CohortMember.cohort_id.in_(led)
    )


def participants_addable_by(user: User, cohort: Cohort, learner: Role = Role.PARTICIPANT):
    """A WHERE clause on User: the learners `user` may put in `cohort` (participants, or
    partner contacts in a partner-training cohort: `learner`).

    Putting someone in a cohort lets its facilitators read what they shared with "my
    facilitators", their answers and their goals. An administrator may put anyone anywhere;
    a facilitator only people whom no facilitator follows yet (newcomers), never someone
    another facilitator follows: for those, an administrator decides. The caller has already
    checked that `user` may manage `cohort`.
    """
    in_cohort = select(CohortMember.user_id).where(CohortMember.cohort_id == cohort.id)
    base = and_(User.role == learner, User.active, User.id.not_in(in_cohort))
    if user.role == Role.ADMIN:
        return base
    if user.role == Role.FACILITATOR:
        return and_(base, User.id.not_in(followed_participant_ids()))
    return false()


def facilitators_addable_by(user: User, cohort: Cohort):
    """A WHERE clause on User: the facilitators `user` may add to `cohort` (administrators
    only: a new facilitator reads what every participant of the cohort shared)."""
    if user.role != Role.ADMIN:
        return false()
    in_cohort = select(CohortMember.user_id).where(CohortMember.cohort_id == cohort.id)
    return and_(User.role == Role.FACILITATOR, User.active, User.id.not_in(in_cohort))


def may_remove_member(user: User, member: CohortMember) -> bool:
    """Of a cohort `user` may manage: participants by its staff, facilitators by
    administrators (a facilitator removing another would take over the cohort)."""
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.FACILITATOR and member.role == MemberRole.PARTICIPANT


def get_visible_participant_or_404(user: User, participant_id: int) -> User:
    found = db.session.scalar(
        select(User).where(User.id == participant_id, participant_visible_to(user))
    )
    if found is None:
        abort(404)
    return found


def get_visible_cohort_or_404(user: User, cohort_id: int) -> Cohort:
    found = db.session.scalar(select(Cohort).where(Cohort.id == cohort_id, cohort_visible_to(user)))
    if found is None:
        abort(404)
    return found


def role_required(*roles: Role):
    """Sign-in required, and one of `roles`; others get a 404 (the page is not theirs)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(404)
            return view(*args, **kwargs)

        return wrapped

    return decorator


#: C0 controls, DEL and C1 controls: browsers drop some of them from URLs (so "/\t/x" becomes
#: "//x", another site) and others cannot go into a Location header at all.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def safe_next(target: str | None, fallback: str = "learning.dashboard") -> str:
    """`target` if it is a path within Bru, else the URL of the `fallback` endpoint.

    The one check for every "go back to where you were" parameter (sign-in, language switch).
    """
    if (
        not target
        or _CONTROL_CHARACTERS.search(target)
        or "\\" in target
        or not target.startswith("/")
        or target.startswith("//")
    ):
        return url_for(fallback)
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return url_for(fallback)
    return target


CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'self'; "
    "frame-ancestors 'none'; object-src 'none'"
)


def _has_nul(data) -> bool:
    """In any key or any of the repeated values of a MultiDict."""
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists())


def init_app(app: Flask) -> None:
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        # The client's address (for rate limits) and scheme, as the proxies saw them; only the
        # last `proxies` entries of each header are believed, the rest a client could forge.
        # Flask's documented way to wrap the WSGI app, which mypy sees as replacing a method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies
        )

    @app.before_request
    def refuse_nul_bytes():
        """NUL never belongs in text, and PostgreSQL cannot store it: refuse it up front."""
        if "\x00" in request.path or _has_nul(request.args) or _has_nul(request.form):
            abort(400)

    @app.get("/session/csrf-token", endpoint="session_csrf_token")
    def session_csrf_token():
        """A page open from before a new sign-in (in another tab) asks for this session's
        token, so its autosave goes on without a reload; and learns whose session it is."""
        if not current_user.is_authenticated:
            return jsonify(signed_in=False), 401
        return jsonify(csrf_token=generate_csrf(), user=current_user.id)

    @app.after_request
    def private_no_store(response):
        """Every page, fragment and export can show personal data (a name on a reset page, a
        CSRF token tied to the session): no browser cache or proxy keeps a copy. Static
        files are the exception (assets.py caches them for long)."""
        if request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if current_app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=63072000; includeSubDomains"
            )
        return response
