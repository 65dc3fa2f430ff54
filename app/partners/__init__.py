from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    from app.accounts.models import Role
    from app.menu import register_menu_entry

    register_menu_entry(app, "partners.organisation", _l("Your organisation"), (Role.PARTNER,), 20)
    from app.partners.privacy import PartnersProvider
    from app.privacy.providers import register_provider

    register_provider(PartnersProvider())
    from app.partners import kinds
    from app.partners.views import bp

    kinds.register()
    app.register_blueprint(bp)
