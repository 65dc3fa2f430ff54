"""`flask backup` and `flask restore` round-trip the database, on SQLite and PostgreSQL."""

from sqlalchemy import delete, select

from app.accounts.models import Role, User
from app.backup import row_counts
from app.extensions import db
from app.learning.models import StepCompletion


def test_backup_then_restore_brings_back_every_row(app, tmp_path):
    runner = app.test_cli_runner()
    made = runner.invoke(args=["demo"])
    assert made.exit_code == 0, made.output
    with app.app_context():
        before = row_counts()
    assert sum(before.values()) > 500
    target = tmp_path / "bru.backup"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 0

    with app.app_context():  # something goes wrong after the backup
        db.session.execute(delete(StepCompletion))
        db.session.get(
            User, db.session.scalar(select(User.id).where(User.role == Role.ADMIN))
        ).name = "Changed"
        db.session.commit()
        assert row_counts() != before

    result = runner.invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert row_counts() == before
        assert db.session.scalar(select(User.name).where(User.role == Role.ADMIN)) == "Ada Admin"


def test_restore_asks_before_replacing_the_database(app, tmp_path):
    target = tmp_path / "bru.backup"
    app.test_cli_runner().invoke(args=["backup", str(target)])
    result = app.test_cli_runner().invoke(args=["restore", str(target)], input="n\n")
    assert result.exit_code == 1 and "Aborted" in result.output
