from flask import Flask
from flask_babel import lazy_gettext as _l
from jinja2 import ChoiceLoader

from app.exercises.kinds import EXERCISE_KINDS, KindTemplateLoader


def init_app(app: Flask) -> None:
    from app.accounts.models import Role
    from app.exercises.queries import check_min_respondents

    check_min_respondents(app.config)
    from app.menu import register_menu_entry

    register_menu_entry(app, "exercises.goals", _l("Goals"), (Role.PARTICIPANT,), 20)
    from app.exercises.privacy import ExercisesProvider
    from app.privacy.providers import register_provider

    register_provider(ExercisesProvider())
    from app.exercises.views import bp

    app.register_blueprint(bp)
    # The course loader validates exercises through the kinds; templates find each kind's
    # own form and feedback in the kind's folder.
    app.extensions["bru_exercise_kinds"] = EXERCISE_KINDS
    loaders = (app.jinja_loader, KindTemplateLoader())
    app.jinja_loader = ChoiceLoader([loader for loader in loaders if loader is not None])
