from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    from app.accounts.models import Role
    from app.menu import register_menu_entry

    register_menu_entry(app, "admin.index", _l("Administration"), (Role.ADMIN,), 50)
    from app.admin.views import bp

    app.register_blueprint(bp)
