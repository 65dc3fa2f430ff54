"""Unbound extension instances; `create_app` binds them to an app."""

import re
import select
import time
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
from sqlalchemy.exc import DisconnectionError, IntegrityError
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


# PostgreSQL connections: a signed-in read costs one round trip (the user's SELECT), not four.
#
# Connections run in autocommit mode, and a transaction begins right before the first
# statement that writes or locks. A read under READ COMMITTED sees its own snapshot per
# statement, in a transaction or not, so reads lose nothing; writes keep their atomicity
# (every write of a request, up to its COMMIT, is inside the one transaction). A request that
# only reads then sends neither BEGIN nor ROLLBACK.
#
# The pool's liveness check is kept without its round trip: a connection the server has
# closed (a restart, a terminated backend, a broken relay) has something to read on its socket
# while it sits in the pool (the server's last message, or the end of the stream), and a
# healthy idle one does not. Only such a connection, or one idle for longer than
# IDLE_PING_SECONDS (a firewall may drop those silently), is pinged before use; one that fails
# the ping is replaced by a new connection, so the first request after an outage succeeds.

#: A connection idle in the pool for longer than this is pinged before it is used.
IDLE_PING_SECONDS = 30.0
_READ_ONLY = re.compile(r"\s*(SELECT|SHOW)\b", re.I)
_LOCKING = re.compile(r"\bFOR\s+(NO\s+KEY\s+UPDATE|UPDATE|KEY\s+SHARE|SHARE)\b", re.I)


def postgresql_engine_options(options: dict) -> dict:
    """The engine options for PostgreSQL: autocommit, and the pool's own ping replaced."""
    return {**options, "isolation_level": "AUTOCOMMIT", "pool_pre_ping": False}


def starts_a_transaction(statement: str) -> bool:
    """Anything but a plain read begins the transaction: writes, locks, DDL, savepoints."""
    return not _READ_ONLY.match(statement) or bool(_LOCKING.search(statement))


def closed_by_server(dbapi_connection) -> bool:
    """The server closed the connection, or said something unasked: it has data to read."""
    if dbapi_connection.closed:
        return True
    try:
        readable, _, _ = select.select([dbapi_connection.fileno()], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


def is_alive(dbapi_connection) -> bool:
    try:
        dbapi_connection.execute("SELECT 1")
    except Exception:  # any failure of the ping means: use another connection
        return False
    return True


def watch_postgresql(engine: sa.Engine) -> None:
    """Lazy BEGIN and the pool's cheap liveness check (above) on a PostgreSQL engine."""
    from psycopg.pq import TransactionStatus

    @sa.event.listens_for(engine, "checkin")
    def remember_when_idle(dbapi_connection, record):
        record.info["idle_since"] = time.monotonic()

    @sa.event.listens_for(engine, "checkout")
    def check_liveness(dbapi_connection, record, proxy):
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None:
            return  # just connected
        long_idle = time.monotonic() - idle_since > IDLE_PING_SECONDS
        suspect = long_idle or closed_by_server(dbapi_connection)
        if suspect and not is_alive(dbapi_connection):
            # The pool discards this connection and checks out (or makes) another.
            raise DisconnectionError("the server closed this connection")

    @sa.event.listens_for(engine, "before_cursor_execute")
    def begin_before_writing(connection, cursor, statement, parameters, context, executemany):
        dbapi_connection = cursor.connection
        idle = dbapi_connection.info.transaction_status == TransactionStatus.IDLE
        if idle and starts_a_transaction(statement):
            dbapi_connection.execute("BEGIN")
