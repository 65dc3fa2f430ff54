from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    from app.accounts.models import Role
    from app.menu import register_menu_entry

    register_menu_entry(app, "learning.dashboard", _l("Dashboard"), Role, 10)
    from app.learning.privacy import LearningProvider
    from app.privacy.providers import register_provider

    register_provider(LearningProvider())
    from app.learning.progress import Status
    from app.learning.views import bp

    app.jinja_env.globals["STATUSES"] = tuple(Status)

    app.register_blueprint(bp)
