"""Safeguarding: confidential reports of concern, read by safeguarding officers only."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.safeguarding.views import bp

    app.register_blueprint(bp)
