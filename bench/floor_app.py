"""Bru with two extra routes that measure the stack's floor, for `make bench` only.

A page cannot be cheaper than what every signed-in request costs before the page's own work:
the signed session, Flask-Login loading the user through SQLAlchemy from PostgreSQL, and
(for a write) one UPDATE and a COMMIT. These routes do exactly that and nothing else, so the
benchmark can show how far below the trivial endpoint that floor already lies.

    gunicorn -c gunicorn.conf.py "bench.floor_app:create()"
"""

from flask import Blueprint
from flask_login import current_user, login_required

from app import create_app
from app.extensions import db
from app.learning.services import module_visit_record

floor = Blueprint("bench_floor", __name__, url_prefix="/bench/floor")


@floor.get("/read")
@login_required
def read():
    """Signed in: the session is checked and the user loaded; nothing else."""
    return str(current_user.id), 200, {"Content-Type": "text/plain"}


@floor.post("/write")
@login_required
def write():
    """Signed in, CSRF-checked, and one row written: the resume point, as a step view does."""
    module_visit_record(
        user=current_user,
        course_slug="preparatory",
        module_slug="being-a-participant",
        step_id="reciprocity",
    )
    db.session.commit()
    return "", 204


def create():
    app = create_app()
    app.register_blueprint(floor)
    return app
