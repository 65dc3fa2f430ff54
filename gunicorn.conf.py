"""Gunicorn for Bru in production: `gunicorn -c gunicorn.conf.py "app:create_app()"`.

Sync workers, two per core: Bru's requests are short and mostly wait on PostgreSQL.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("BRU_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("BRU_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "sync"
# Recycle workers now and then, so a slow leak can never grow without bound.
max_requests = 50_000
max_requests_jitter = 5_000
timeout = 30
graceful_timeout = 20
keepalive = 5
# Load the app once in the master: less memory per worker (copy-on-write) and a broken
# course file stops the start before any worker is forked.
preload_app = True
accesslog = os.environ.get("BRU_ACCESS_LOG", "-")
raw_env = ["BRU_CONFIG=production"]


def post_fork(server, worker):
    """Each worker opens its own database connections, never ones inherited from the master."""
    from app.extensions import db

    app = server.app.wsgi()
    with app.app_context():
        db.engine.dispose(close=False)


def pre_fork(server, worker):
    """Move everything the master loaded (catalog, templates, locale data) out of the garbage
    collector's reach: full collections then skip it, and the memory stays shared."""
    gc.freeze()
