"""What a signed-in request costs in round trips to PostgreSQL, counted on the wire: a TCP
relay between the app and the server counts each time the app speaks after the server did."""

import contextlib
import os
import threading

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db
from bench.floor_app import floor
from tests.conftest import sign_in_as
from tests.outage import Switch

DATABASE_URL = os.environ.get("DATABASE_URL", "")

pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith("postgresql"), reason="counts PostgreSQL's round trips"
)


class CountingRelay(Switch):
    """The outage tests' relay, counting the app's messages that wait for an answer."""

    def __init__(self, host, port):
        self.round_trips = 0
        self._lock = threading.Lock()
        super().__init__(host, port)

    def _pipe(self, source, sink):
        from_app = source not in self._upstreams()
        try:
            while data := source.recv(65536):
                if from_app:
                    with self._lock:
                        self.round_trips += 1
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.close()

    def _upstreams(self):
        return self.connections[1::2]  # _accept appends (client, upstream) pairs


@pytest.fixture
def node(app):
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    relay = CountingRelay(url.host or "127.0.0.1", url.port or 5432)
    relayed = url.set(host="127.0.0.1", port=relay.port)
    node = create_app("test", SQLALCHEMY_DATABASE_URI=relayed.render_as_string(False))
    node.register_blueprint(floor)
    node.relay = relay
    yield node
    with node.app_context():
        db.engine.dispose()
    relay.close()


def round_trips(node, request) -> int:
    request()  # the first request connects; the pool keeps the connection
    before = node.relay.round_trips
    response = request()
    assert response.status_code in (200, 204), response.status_code
    return node.relay.round_trips - before


def test_a_signed_in_read_costs_one_round_trip(node, create_participant, cohort):
    client = node.test_client()
    sign_in_as(client, create_participant(cohort))
    assert round_trips(node, lambda: client.get("/bench/floor/read")) == 1


def test_a_signed_in_write_costs_the_read_plus_begin_update_and_commit(
    node, create_participant, cohort
):
    client = node.test_client()
    sign_in_as(client, create_participant(cohort))
    assert round_trips(node, lambda: client.post("/bench/floor/write", data={})) == 4


def test_a_connection_the_server_ended_is_replaced_before_a_request_uses_it(
    app, node, create_participant, cohort
):
    client = node.test_client()
    sign_in_as(client, create_participant(cohort))
    assert client.get("/bench/floor/read").status_code == 200
    with node.app_context():
        pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar()
        db.session.remove()
    with app.app_context():
        db.session.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid})
        db.session.rollback()
    assert client.get("/bench/floor/read").status_code == 200


def test_a_write_is_one_transaction_and_a_failed_one_leaves_nothing(node):
    with node.app_context():
        db.session.execute(text("CREATE TEMPORARY TABLE probe (n int)"))
        db.session.execute(text("INSERT INTO probe VALUES (1)"))
        db.session.rollback()
        assert db.session.execute(text("SELECT to_regclass('pg_temp.probe')")).scalar() is None
