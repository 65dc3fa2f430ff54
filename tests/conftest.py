"""Shared fixtures: one app per test session, a clean database per test, and factories.

Set DATABASE_URL to run the same suite on PostgreSQL; without it, a SQLite file is used.
"""

import asyncio
import itertools
import os
import re
import socket
from datetime import date, timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import event, select, text

from app import create_app
from app.accounts.models import Role, User
from app.extensions import db
from app.organisations.models import MemberRole, Region
from app.organisations.services import (
    cohort_create,
    cohort_member_add,
    exchange_create,
    organisation_create,
)

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    url = os.environ.get("DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    )
    app = create_app("test", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.drop_all()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
            db.session.commit()
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def clean_database(request):
    """Empty every table after each test; tests commit for real, as the app does."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()


@pytest.fixture
def ctx(app):
    """An app context for tests that call services and queries directly.

    Do not combine with the test client: a request reuses a pushed app context, and with
    it `g` (the signed-in user, the locale) from the previous request.
    """
    with app.app_context():
        yield
        db.session.rollback()


@pytest.fixture
def catalog(app):
    return app.extensions["bru_catalog"]


@pytest.fixture
def serve_courses(app):
    """`serve_courses(folder)`: an app on the same database serving another folder of courses,
    for tests that need content the real courses do not have (a fallback, a new kind)."""
    served = []

    def serve(folder):
        other = create_app(
            "test",
            SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
            CONTENT_DIR=folder,
        )
        served.append(other)
        return other

    yield serve
    for other in served:
        with other.app_context():
            db.engine.dispose()


def _made(app, make):
    """Run `make()` in its own app context, commit, and return the row loaded and detached."""
    with app.app_context():
        obj = make()
        db.session.commit()
        db.session.refresh(obj)
        db.session.expunge(obj)
        return obj


@pytest.fixture
def client(app):
    return app.test_client()


_counter = itertools.count(1)


@pytest.fixture
def create_organisation(app):
    def create(name=None, region=Region.AFRICA, country="UG"):
        return _made(
            app,
            lambda: organisation_create(
                name=name or f"Organisation {next(_counter)}", country=country, region=region
            ),
        )

    return create


@pytest.fixture
def create_user(app):
    def create(
        role=Role.PARTICIPANT,
        email=None,
        name=None,
        organisation=None,
        locale=None,
        password=PASSWORD,
    ):
        from app.accounts.services import user_create

        n = next(_counter)
        return _made(
            app,
            lambda: user_create(
                email=email or f"{role.value}{n}@example.org",
                name=name or f"{role.value.title()} {n}",
                role=role,
                organisation=organisation,
                locale=locale,
                password=password,
            ),
        )

    return create


@pytest.fixture
def create_cohort(app, create_user):
    def create(name=None, courses=None, facilitators=None):
        if courses is None:  # every participant course of the real catalog
            courses = [c.slug for c in app.extensions["bru_catalog"].courses_for("participants")]
        if facilitators is None:
            facilitators = [create_user(Role.FACILITATOR)]
        return _made(
            app,
            lambda: cohort_create(
                name=name or f"Cohort {next(_counter)}",
                course_slugs=list(courses),
                starts_on=date.today() - timedelta(days=30),
                ends_on=date.today() + timedelta(days=300),
                facilitators=facilitators,
            ),
        )

    return create


@pytest.fixture
def create_participant(app, create_user, create_organisation):
    """A participant in `cohort` with an exchange; `phase` picks dates that open that phase."""

    def create(cohort, phase="pre", home=None, host=None, **user_args):
        home = home or create_organisation(region=Region.NORWAY, country="NO")
        host = host or create_organisation()
        user = create_user(Role.PARTICIPANT, organisation=home, **user_args)
        today = date.today()
        departs, returns = {
            "pre": (today + timedelta(days=60), today + timedelta(days=300)),
            "mid": (today - timedelta(days=200), today + timedelta(days=100)),
            "post": (today - timedelta(days=300), today - timedelta(days=5)),
        }[phase]
        with app.app_context():
            exchange_create(
                participant=user, home=home, host=host, departs_on=departs, returns_on=returns
            )
            cohort_member_add(cohort=cohort, user=user, role=MemberRole.PARTICIPANT)
            db.session.commit()
        return user

    return create


@pytest.fixture
def cohort(create_cohort):
    return create_cohort()


@pytest.fixture
def participant(create_participant, cohort):
    return create_participant(cohort, phase="mid")


def sign_in_as(client, user: User) -> None:
    """Sign in without the password form (that is tested on its own)."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


@pytest.fixture
def participant_client(client, participant):
    sign_in_as(client, participant)
    return client


def link_from(body: str) -> str:
    """The one-time link in an email body, as a path."""
    match = re.search(r"https?://[^/\s]+(/\S+)", body)
    assert match, body
    return match.group(1)


class Inbox:
    def __init__(self):
        self.messages = []
        #: Seconds the server takes to accept a message.
        self.delay = 0.0

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        self.messages.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(app):
    saved = {k: app.config[k] for k in ("MAIL_SERVER", "MAIL_PORT")}
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    yield inbox
    controller.stop()
    app.config.update(saved)


def count_queries(app, request) -> int:
    """How many SQL statements `request()` sends; it must return True (the page answered)."""
    with app.app_context():
        engine = db.engine
    statements = []

    def record(*args):
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert request()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements)


def all_rows(app, model, order_by=None) -> list:
    """Every row of `model`, loaded and detached, to read after the request's session ended."""
    with app.app_context():
        rows = db.session.scalars(select(model).order_by(order_by or model.id)).all()
        for row in rows:
            db.session.expunge(row)
        return list(rows)
