from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    from app.accounts.models import Role
    from app.menu import register_menu_entry

    register_menu_entry(app, "follow_up.cohorts", _l("Cohorts"), (Role.FACILITATOR, Role.ADMIN), 20)
    register_menu_entry(app, "follow_up.inbox", _l("Feedback"), (Role.FACILITATOR,), 30)
    from app.follow_up.views import bp

    app.register_blueprint(bp)
