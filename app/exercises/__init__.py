from flask import Flask

from app.exercises.kinds import display_order


def init_app(app: Flask) -> None:
    from app.exercises.views import bp

    app.register_blueprint(bp)
    app.jinja_env.globals["display_order"] = display_order
