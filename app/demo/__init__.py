"""`flask demo`: realistic data to try Bru with (small) or to measure it (large). Never run
outside this command."""

import time as time_module

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from app.accounts.models import User
from app.content import catalog
from app.demo.people import DEMO_ACCOUNTS, DEMO_PASSWORD
from app.demo.small import demo_create
from app.extensions import db

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "demo_command", "demo_create"]


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has users.")
@click.option(
    "--scale",
    type=click.Choice(["small", "large", "huge"]),
    default="small",
    show_default=True,
    help="small: a cohort-sized demo; large and huge: Norec's size times ten and a hundred, "
    "for benchmarks.",
)
@with_appcontext
def demo_command(if_empty: bool, scale: str) -> None:
    """Create demo organisations, cohorts, participants and progress."""
    if db.session.scalar(select(func.count(User.id))):
        message = "The database already has data; demo data not added."
        if if_empty:
            click.echo(message)
            return
        raise click.ClickException(message)
    started = time_module.monotonic()
    # The demo's own notices (work plans, views) stay in the outbox, not on the console.
    current_app.config["MAIL_PRINT"] = False
    if scale in ("large", "huge"):
        from app.demo.large import SIZES, demo_large_create

        made = demo_large_create(catalog(), size=SIZES[scale])
    else:
        made = demo_create()
    db.session.commit()
    seconds = time_module.monotonic() - started
    summary = ", ".join(f"{count:,} {what}" for what, count in made.items())
    click.echo(f"Demo data ({scale}, {seconds:.0f} s): {summary}.")
    click.echo(f"Sign in at http://127.0.0.1:5000 with password '{DEMO_PASSWORD}' as:")
    for role, email in DEMO_ACCOUNTS.items():
        click.echo(f"  {role.value:<12} {email}")
