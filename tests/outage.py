"""A database outage on demand, for fault tests: a second app node whose database can be cut
and restored. On PostgreSQL its connections go through a TCP relay that is cut; on SQLite its
database file is taken away. The node shares the database of the suite's app, so users made
by the usual fixtures can sign in to it."""

import contextlib
import os
import socket
import threading
from pathlib import Path

from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db


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


class Outage:
    def __init__(self, app):
        self.url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
        self.switch = None
        if self.url.get_backend_name() == "postgresql":
            self.switch = Switch(self.url.host or "127.0.0.1", self.url.port or 5432)
            relayed = self.url.set(
                host="127.0.0.1", port=self.switch.port, query={"connect_timeout": "2"}
            )
            node_url = relayed.render_as_string(hide_password=False)
        else:
            self.file = Path(self.url.database)
            node_url = self.url.render_as_string(hide_password=False)
        self.node = create_app("test", SQLALCHEMY_DATABASE_URI=node_url)

    def cut(self):
        if self.switch:
            self.switch.cut()
            return
        with self.node.app_context():
            db.engine.dispose()
        # Where the file was, a directory: SQLite cannot open it.
        os.replace(self.file, self.file.with_suffix(".away"))
        self.file.mkdir()

    def restore(self):
        if self.switch:
            self.switch.restore()
            return
        if self.file.is_dir():
            self.file.rmdir()
            os.replace(self.file.with_suffix(".away"), self.file)

    def close(self):
        self.restore()
        with self.node.app_context():
            db.engine.dispose()
        if self.switch:
            self.switch.close()
