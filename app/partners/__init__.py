from flask import Flask


def init_app(app: Flask) -> None:
    from app.partners import kinds
    from app.partners.views import bp

    kinds.register()
    app.register_blueprint(bp)
