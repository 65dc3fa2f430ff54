"""Error pages in the user's language, as a whole page or as an htmx fragment.

Each handler first ends the request's failed transaction, so the page itself can read what
it shows (the signed-in user) again. The page for a database outage is rendered without the
database at all: it does not load the signed-in user.
"""

import contextlib

from flask import Flask, g, render_template
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException

from app.extensions import db, htmx, login_manager

#: Seconds a client is asked to wait before trying again while the database is away.
RETRY_AFTER_SECONDS = 30


def _render_error(status: int, reason: str | None = None):
    template = "errors/_error.html" if htmx else "errors/error.html"
    return render_template(template, status=status, reason=reason), status


def _rollback() -> None:
    with contextlib.suppress(SQLAlchemyError):  # the connection is gone; the pool replaces it
        db.session.rollback()


def _without_database() -> None:
    """From here on the request is served as to a visitor, in the language it had."""
    with contextlib.suppress(SQLAlchemyError):
        get_locale()  # while a signed-in user's saved language may still be at hand
    _rollback()
    g._login_user = login_manager.anonymous_user()


def _unavailable():
    _without_database()
    body, status = _render_error(503)
    return body, status, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.response is not None:
            return error.response
        if error.code is None or error.code < 400:
            return error
        body, status = _render_error(error.code)
        retry_after = getattr(error, "retry_after", None)
        return body, status, {"Retry-After": str(retry_after)} if retry_after else {}

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        # For htmx (autosave, answers): signed out in another tab is a bare 401 the page
        # explains; a token from before a new sign-in is a 400 marked as such, after which
        # the page fetches a fresh token (security.py) and sends again.
        try:
            signed_out = not current_user.is_authenticated
        except SQLAlchemyError:
            return _unavailable()
        if htmx and signed_out:
            return "", 401
        body, status = _render_error(400, reason="csrf")
        return body, status, {"X-Bru-Error": "csrf"}

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError):
        return _unavailable()

    @app.errorhandler(500)
    def server_error(error):
        original = getattr(error, "original_exception", None)
        if isinstance(original, DBAPIError) and original.connection_invalidated:
            return _unavailable()
        _rollback()
        try:
            return _render_error(500)
        except SQLAlchemyError:  # the page itself could not read the database
            _without_database()
            return _render_error(500)
