"""The reflection journal: private by default, autosaved, shared by choice, audited when read."""

from flask import Flask

from app.journal.markdown import render_markdown


def init_app(app: Flask) -> None:
    from app.journal.views import bp

    app.register_blueprint(bp)
    app.jinja_env.filters["journal_markdown"] = render_markdown
