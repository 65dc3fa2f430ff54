"""The course catalog, loaded from `courses/` once per process and never from the database."""

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from app.content.loader import ContentError, load_catalog
from app.content.model import PHASES, Catalog, Phase
from app.content.typography import typography_warnings

__all__ = ["ContentError", "catalog", "init_app", "load_catalog"]

content_cli = AppGroup("content", help="Check course content and translation status.")


def init_app(app: Flask) -> None:
    """Load the catalog; the exercise kinds must be registered first (they validate)."""
    app.extensions["bru_catalog"] = _load(app)
    app.cli.add_command(content_cli)
    app.jinja_env.globals["PHASES"] = PHASES
    app.jinja_env.filters["phase_label"] = lambda phase: Phase(phase).label


def _load(app: Flask) -> Catalog:
    return load_catalog(
        app.config["CONTENT_DIR"], app.config["LANGUAGES"], app.extensions["bru_exercise_kinds"]
    )


def catalog() -> Catalog:
    return current_app.extensions["bru_catalog"]


@content_cli.command("check")
def check_command() -> None:
    """Validate every course file (the same check start-up runs)."""
    # Loading again from disk, so an edit made after start-up is checked too.
    cat = _load(current_app)
    modules = sum(len(c.modules) for c in cat.courses)
    steps = sum(c.step_count for c in cat.courses)
    files = sum(len(m.versions) for c in cat.courses for m in c.modules)
    click.echo(
        f"Content is valid: {len(cat.courses)} courses, {modules} modules, "
        f"{steps} steps, {files} files."
    )
    for warning in typography_warnings(
        Path(current_app.config["CONTENT_DIR"]), current_app.config["LANGUAGES"]
    ):
        click.echo(f"warning: {warning}")


@content_cli.command("status")
def status_command() -> None:
    """Per course and language: share of steps translated, and stale translations."""
    from app.content.status import translation_status

    rows = translation_status(catalog(), current_app.config["LANGUAGES"])
    click.echo(f"{'course':<20} {'lang':<5} {'translated':>10}  {'stale':<30} unstamped")
    for row in rows:
        stale = ", ".join(row.stale_modules) or "-"
        unstamped = ", ".join(row.unstamped_modules) or "-"
        share = f"{row.percent:>9}%"
        click.echo(f"{row.course_slug:<20} {row.language:<5} {share}  {stale:<30} {unstamped}")


@content_cli.command("stamp")
@click.argument("module_key")
@click.argument("language")
def stamp_command(module_key: str, language: str) -> None:
    """Record that LANGUAGE of COURSE/MODULE now follows its current source text."""
    from app.content.status import translation_stamp

    path = translation_stamp(catalog(), current_app.config["CONTENT_DIR"], module_key, language)
    click.echo(f"Stamped {path}.")
