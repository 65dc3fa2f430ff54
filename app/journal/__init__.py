"""The reflection journal: private by default, autosaved, shared by choice, audited when read."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from app.journal.markdown import render_markdown


def init_app(app: Flask) -> None:
    from app.accounts.models import LEARNERS
    from app.menu import register_menu_entry

    register_menu_entry(app, "journal.index", _l("Journal"), LEARNERS, 30)
    from app.journal.privacy import JournalProvider
    from app.privacy.providers import register_provider

    register_provider(JournalProvider())
    from app.journal.views import bp

    app.register_blueprint(bp)
    app.jinja_env.filters["journal_markdown"] = render_markdown
