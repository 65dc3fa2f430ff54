"""`flask backup FILE` and `flask restore FILE`: a whole database to one file and back.

SQLite is copied with its online backup API (consistent while the app runs); PostgreSQL
goes through pg_dump / pg_restore in the custom format. Restore replaces what is there.
"""

import os
import sqlite3
import subprocess
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from app.extensions import db


def _sqlite_path(url) -> str:
    return url.database


def _pg_args(url) -> tuple[list[str], dict]:
    args = ["-h", url.host or "127.0.0.1", "-p", str(url.port or 5432)]
    if url.username:
        args += ["-U", url.username]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    return [*args, "-d", url.database], env


def database_backup(target: Path) -> None:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(_sqlite_path(url)) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        return
    args, env = _pg_args(url)
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "-f", str(target), *args], env=env, check=True
    )


def database_restore(source: Path) -> None:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    db.session.remove()
    db.engine.dispose()
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(source) as backup, sqlite3.connect(_sqlite_path(url)) as live:
            backup.backup(live)
        return
    args, env = _pg_args(url)
    subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            *args,
            str(source),
        ],
        env=env,
        check=True,
    )


def row_counts() -> dict[str, int]:
    return {
        table.name: db.session.execute(select(func.count()).select_from(table)).scalar_one()
        for table in db.metadata.sorted_tables
    }


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(target: Path) -> None:
    """Write the whole database to TARGET."""
    database_backup(target)
    total = sum(row_counts().values())
    click.echo(f"Backed up {total} rows to {target}.")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
@with_appcontext
def restore_command(source: Path, yes: bool) -> None:
    """Replace the database with the backup in SOURCE."""
    if not yes:
        click.confirm("This replaces everything in the database. Go on?", abort=True)
    database_restore(source)
    total = sum(row_counts().values())
    click.echo(f"Restored {total} rows from {source}.")


def init_app(app) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
