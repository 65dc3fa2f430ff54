"""Faults: a save that fails half-way leaves nothing behind; the app recovers by itself
when the database comes back."""

import contextlib
import os
import socket
import threading

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url

from app import create_app
from app.exercises.models import ExerciseAnswer
from app.extensions import db
from app.journal.models import JournalEntry
from tests.conftest import sign_in_as
from tests.exercises.helpers import find, url


def test_an_exception_in_the_middle_of_a_save_leaves_no_partial_rows(
    app, catalog, create_participant, cohort
):
    participant = create_participant(cohort, phase="post")
    course, module, step, _reflection = find(catalog, "reflection")

    def fail_on_journal_entry(session, flush_context, instances):
        # The answer is already flushed when the journal entry is written: fail right there.
        if any(isinstance(obj, JournalEntry) for obj in session.new):
            raise RuntimeError("the disk is full")

    client = app.test_client()
    sign_in_as(client, participant)
    with app.app_context():
        event.listen(db.session, "before_flush", fail_on_journal_entry)
    try:
        app.config["PROPAGATE_EXCEPTIONS"] = False
        response = client.post(url(course, module, step), data={"text": "Half a save"})
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
        with app.app_context():
            event.remove(db.session, "before_flush", fail_on_journal_entry)
    assert response.status_code == 500
    with app.app_context():
        assert db.session.scalar(select(func.count(ExerciseAnswer.id))) == 0
        assert db.session.scalar(select(func.count(JournalEntry.id))) == 0


class Switch:
    """A TCP relay to PostgreSQL that can be cut and restored, as a network or server outage."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = True
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            self.connections += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()

    def cut(self):
        self.open = False
        for connection in self.connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()
        self.connections.clear()

    def restore(self):
        self.open = True

    def close(self):
        self.cut()
        self.listener.close()


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgresql"),
    reason="needs a PostgreSQL server to cut off: runs in the PostgreSQL pass",
)
def test_pages_answer_503_while_the_database_is_away_and_recover_without_a_restart(app):
    real = make_url(os.environ["DATABASE_URL"])
    switch = Switch(real.host or "127.0.0.1", real.port or 5432)
    try:
        relayed = real.set(host="127.0.0.1", port=switch.port, query={"connect_timeout": "2"})
        node = create_app(
            "test", SQLALCHEMY_DATABASE_URI=relayed.render_as_string(hide_password=False)
        )
        client = node.test_client()
        assert client.get("/healthz").status_code == 200
        switch.cut()
        down = client.get("/healthz")
        assert down.status_code == 503 and down.get_json()["database"] == "unreachable"
        page = client.get("/sign-in?x=1", headers={"Accept-Language": "sw"})
        assert page.status_code in (200, 503)  # the sign-in form itself needs no database
        form = client.post(
            "/sign-in",
            data={"email": "a@example.org", "password": "long enough pw"},
            headers={"Accept-Language": "sw"},
        )
        assert (
            form.status_code == 503
            and form.headers["Retry-After"]
            and '<html lang="sw">' in form.text
        )
        switch.restore()
        assert client.get("/healthz").status_code == 200
        with node.app_context():
            db.engine.dispose()
    finally:
        switch.close()
