"""Bru: a learning platform for international reciprocal exchange programmes."""

import os

from flask import Flask

from app.config import DATA_DIR, configs


def create_app(config_name: str | None = None, **overrides) -> Flask:
    """Build the app; the only place that wires features together."""
    config_name = config_name or os.environ.get("BRU_CONFIG", "development")
    app = Flask(__name__, instance_relative_config=True)
    from app.extensions import IdConverter

    # Before any route is added: every <int:…> in a URL is a database id.
    app.url_map.converters["int"] = IdConverter
    app.config.from_object(configs[config_name])
    app.config.update(overrides)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        # No DATABASE_URL: a SQLite file in the instance folder, in a checkout or installed.
        db_file = os.path.join(app.instance_path, "bru.sqlite3")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{db_file}"
    configs[config_name].check(app.config)
    from app.extensions import postgresql_engine_options, watch_postgresql

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        options = app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {})
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = postgresql_engine_options(options)

    from app import assets, backup, content, i18n, menu, security
    from app.extensions import csrf, db, htmx, limiter, login_manager, migrate

    db.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        with app.app_context():
            watch_postgresql(db.engine)
    migrate.init_app(app, db, directory=str(DATA_DIR / "migrations"))
    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    menu.init_app(app)
    assets.init_app(app)
    backup.init_app(app)

    from app import (
        accounts,
        admin,
        audit,
        errors,
        exercises,
        follow_up,
        health,
        journal,
        learning,
        mail,
        offline,
        organisations,
        partners,
        privacy,
        safeguarding,
    )
    from app.demo import demo_command

    for feature in (
        accounts,
        organisations,
        learning,
        exercises,
        journal,
        follow_up,
        partners,
        audit,
        mail,
        admin,
        privacy,
        safeguarding,
        offline,
        health,
        errors,
    ):
        feature.init_app(app)
    # Last, once every feature has registered its exercise kinds: a broken course file stops
    # start-up here, naming file and line.
    content.init_app(app)
    app.cli.add_command(demo_command)
    from app.extensions import retry_on_conflict

    # A person's parallel requests (double clicks, two tabs) may race for one unique row.
    for endpoint, view in app.view_functions.items():
        app.view_functions[endpoint] = retry_on_conflict(view)
    return app
