"""Unbound extension instances; `create_app` binds them to an app."""

from functools import wraps
from typing import TYPE_CHECKING, Any, cast

import sqlalchemy as sa
from flask_babel import Babel
from flask_compress import Compress
from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import CursorResult, MetaData, Result
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase
from werkzeug.exceptions import ServiceUnavailable
from werkzeug.routing import IntegerConverter

# Named constraints keep Alembic migrations portable between SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


#: The largest value of an INTEGER column in PostgreSQL (ids, versions, counts): numbers
#: beyond it, in a URL or a form, are refused before they reach the database.
MAX_INTEGER = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: an id beyond MAX_INTEGER matches no route, so it is a 404."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_INTEGER)
        super().__init__(map, *args, **kwargs)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Objects stay readable after a commit (no reload per attribute): a request commits once,
# near its end, and then only renders what it already has.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})

# The base of every model. `db.Model` is made at run time, so a type checker cannot see it as
# a class: it is the declarative `Base` plus Flask-SQLAlchemy's `query` and table naming, which
# Bru does not use (every model names its table; reads go through the session).
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model

migrate = Migrate(render_as_batch=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
htmx = HTMX()
limiter = Limiter(key_func=get_remote_address)
compress = Compress()


def value_enum(enum_class, length: int = 20) -> sa.Enum:
    """A StrEnum stored as its plain value in a VARCHAR: no database enum type to migrate
    when a value is added, and the same on SQLite and PostgreSQL."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
    )


def rows_changed(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE matched. The session returns every statement's result
    as a plain `Result`; that of an UPDATE or DELETE is a `CursorResult`, which counts them."""
    return cast(CursorResult[Any], result).rowcount


def is_unique_violation(error: IntegrityError) -> bool:
    """A row with the same unique key was just stored by another request."""
    code = getattr(error.orig, "sqlstate", None)  # PostgreSQL (psycopg)
    return code == "23505" or "UNIQUE constraint failed" in str(error.orig)  # or SQLite


def retry_on_conflict(view, attempts: int = 3):
    """Run the view again when a parallel request of the same person stored the same unique
    row first (two first answers, two autosaves of a new draft): the next run finds that row
    and updates it. Still conflicting after `attempts`, the request is refused with a 503 and
    Retry-After, which pages and their autosave treat as "try again in a moment"."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        for _attempt in range(attempts):
            try:
                return view(*args, **kwargs)
            except IntegrityError as error:
                db.session.rollback()
                if not is_unique_violation(error):
                    raise
        raise ServiceUnavailable(retry_after=1)

    return wrapped
