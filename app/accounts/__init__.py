from flask import Flask, flash, redirect, request
from flask_babel import lazy_gettext as _l
from flask_login import login_url

from app.accounts.models import User
from app.extensions import db, login_manager


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Sessions carry "id:session_version"; a bumped version ends older sessions."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version) or not user.active:
        return None
    return user


@login_manager.unauthorized_handler
def unauthorized():
    """htmx requests get a bare 401, so the page keeps its text; pages go to sign-in."""
    if request.headers.get("HX-Request") == "true":
        return "", 401
    flash(str(login_manager.login_message), login_manager.login_message_category)
    return redirect(login_url(login_manager.login_view, next_url=request.url))


def _warn_without_public_url(app: Flask) -> None:
    """Invitation and reset links are built from PUBLIC_URL: unset in production, every
    emailed link would point at the development address. Warned, not refused: a node that
    sends no email (or sits behind that very address) still runs."""
    from app.config import DEVELOPMENT_PUBLIC_URL

    if app.debug or app.testing or app.config["PUBLIC_URL"] != DEVELOPMENT_PUBLIC_URL:
        return
    app.logger.warning(
        "PUBLIC_URL is not set (it is the development address): links in invitations and "
        "other emails will point at %s, which nobody can open. Set PUBLIC_URL to the address "
        "people use, e.g. PUBLIC_URL=https://bru.example.org (see docs/deploy.md).",
        DEVELOPMENT_PUBLIC_URL,
    )


def init_app(app: Flask) -> None:
    _warn_without_public_url(app)
    from app.accounts.models import Role
    from app.menu import register_menu_entry

    register_menu_entry(app, "accounts.invite", _l("Invite"), (Role.FACILITATOR, Role.ADMIN), 40)
    register_menu_entry(app, "accounts.profile", _l("Profile"), Role, 90)
    from app.accounts.privacy import AccountsProvider
    from app.privacy.providers import register_provider

    register_provider(AccountsProvider())
    from app.accounts.views import bp

    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    app.register_blueprint(bp)
