"""`/healthz` for load balancers and monitoring: does this node reach its database?"""

from flask import Blueprint, Flask, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import csrf, db, limiter

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@limiter.exempt
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


@bp.get("/ping")
@limiter.exempt
def ping():
    """The cheapest request the app can answer: the benchmarks' ceiling."""
    return "pong", 200, {"Content-Type": "text/plain"}


def init_app(app: Flask) -> None:
    csrf.exempt(bp)
    app.register_blueprint(bp)
