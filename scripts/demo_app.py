"""The demo app on a throwaway SQLite database, for the scripts that look at Bru as a user
would (screenshots, the offline cost report)."""

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402

from app import create_app  # noqa: E402
from app.demo import demo_create  # noqa: E402
from app.extensions import db  # noqa: E402


@contextmanager
def demo_app() -> Iterator[Flask]:
    """An app with the small demo data in it; the database is gone afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            "development",
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/demo.db",
            MAIL_PRINT=False,
            RATELIMIT_ENABLED=False,
        )
        with app.app_context():
            db.create_all()
            demo_create()
            db.session.commit()
        yield app
