"""Error pages in the user's language, as a whole page or as an htmx fragment.

Each handler first ends the request's failed transaction, so the page itself can read what
it shows (the signed-in user) again.
"""

import contextlib

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException

from app.extensions import db, htmx


def _render_error(status: int, reason: str | None = None):
    template = "errors/_error.html" if htmx else "errors/error.html"
    return render_template(template, status=status, reason=reason), status


def _rollback() -> None:
    with contextlib.suppress(SQLAlchemyError):  # the connection is gone; the pool replaces it
        db.session.rollback()


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
        return _render_error(400, reason="csrf")

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError):
        _rollback()
        response = app.make_response(_render_error(503))
        response.headers["Retry-After"] = "30"
        return response

    @app.errorhandler(500)
    def server_error(error):
        _rollback()
        return _render_error(500)
