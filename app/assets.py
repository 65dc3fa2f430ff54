"""Static files under content-hashed URLs, cached for a year; every text response compressed.

`asset("css/bru.css")` gives `/static/css/bru.css?v=<hash of the file>`: a changed file gets a
new URL, so browsers may keep every version forever and never ask twice (only when `v` is the
file's hash: any other is revalidated each time). Pages are compressed
by Flask-Compress; static text files (which it leaves alone, as they are streamed) are
compressed here once per process and kept in memory.
"""

import gzip
import hashlib
from functools import cache
from pathlib import Path

import brotli
from flask import Flask, request, url_for
from flask.sessions import SecureCookieSessionInterface

from app.extensions import compress

ONE_YEAR = 365 * 24 * 3600
COMPRESSIBLE = {".css", ".js", ".svg", ".txt", ".json"}


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, left out of static files.

    Flask-Login peeks at the session after every request, and Flask then answers with
    "Vary: Cookie": browsers would fetch a cached file again whenever the session cookie
    changed (after every flashed message). Static files never need the session.
    """

    def save_session(self, app, session, response) -> None:
        if request.endpoint != "static":
            super().save_session(app, session, response)


def init_app(app: Flask) -> None:
    compress.init_app(app)
    app.session_interface = SessionInterface()
    assert app.static_folder is not None, "create_app keeps Flask's static folder"
    static = Path(app.static_folder)

    @cache
    def fingerprint(filename: str) -> str:
        return hashlib.sha256((static / filename).read_bytes()).hexdigest()[:10]

    @cache
    def compressed(filename: str, encoding: str) -> bytes:
        data = (static / filename).read_bytes()
        return brotli.compress(data) if encoding == "br" else gzip.compress(data, mtime=0)

    def asset(filename: str) -> str:
        return url_for("static", filename=filename, v=fingerprint(filename))

    app.jinja_env.globals["asset"] = asset
    # For what keeping a course offline costs (app/offline): the URL and the bytes sent.
    app.extensions["bru_assets"] = (asset, lambda filename: len(compressed(filename, "br")))

    @app.after_request
    def serve_static_well(response):
        if request.endpoint != "static" or response.status_code != 200:
            return response
        filename = (request.view_args or {})["filename"]  # the static route has one
        # Only the version the hash names is kept for ever. Any other `v` (an old node during
        # a deploy, a hand-made link) keeps send_file's "no-cache": ask again each time.
        if request.args.get("v") == fingerprint(filename):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = ONE_YEAR
            response.cache_control.immutable = True
        accepted = request.accept_encodings
        encoding = "br" if accepted["br"] else "gzip" if accepted["gzip"] else None
        if encoding and Path(filename).suffix in COMPRESSIBLE:
            response.close()  # the file send_file opened
            response.direct_passthrough = False
            response.set_data(compressed(filename, encoding))
            response.headers["Content-Encoding"] = encoding
            response.vary.add("Accept-Encoding")
            if response.get_etag()[0]:
                response.set_etag(f"{response.get_etag()[0]}-{encoding}")
                # send_file compared If-None-Match with the plain file's tag; this
                # representation has its own, so the comparison is made again here.
                response.make_conditional(request)
        return response
