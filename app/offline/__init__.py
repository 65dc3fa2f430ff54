"""Offline and installable: the web app manifest, the service worker, the offline page and
what a learner keeps of a course on their phone (see the README's "Offline")."""

import math

from flask import Flask
from flask_babel import format_decimal


def init_app(app: Flask) -> None:
    from flask_login import current_user

    from app.accounts.models import LEARNERS
    from app.offline.views import bp

    def keeps_offline() -> bool:
        """Only learners keep pages and queue writes: their own courses and journal."""
        return current_user.is_authenticated and current_user.role in LEARNERS

    app.jinja_env.globals["keeps_offline"] = keeps_offline
    app.jinja_env.filters["kilobytes"] = lambda size: format_decimal(math.ceil(size / 1024))

    app.register_blueprint(bp)
