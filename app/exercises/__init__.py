from flask import Flask
from jinja2 import ChoiceLoader

from app.exercises.kinds import EXERCISE_KINDS, KindTemplateLoader


def init_app(app: Flask) -> None:
    from app.exercises.views import bp

    app.register_blueprint(bp)
    # The course loader validates exercises through the kinds; templates find each kind's
    # own form and feedback in the kind's folder.
    app.extensions["bru_exercise_kinds"] = EXERCISE_KINDS
    app.jinja_loader = ChoiceLoader([app.jinja_loader, KindTemplateLoader()])
