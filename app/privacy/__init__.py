"""Personal data (GDPR): what each feature holds, download it, erase it, retention."""

from datetime import date

import click
from flask import Flask, current_app
from flask.cli import AppGroup

privacy_cli = AppGroup("privacy", help="Personal data: retention.")


@privacy_cli.command("purge")
@click.option("--apply", "apply_", is_flag=True, help="Erase them (without it: only list).")
def purge_command(apply_: bool) -> None:
    """Erase participants whose latest exchange returned longer ago than the retention period
    (PRIVACY_RETENTION_DAYS). Lists them only, unless --apply is given."""
    from app.extensions import db
    from app.privacy.models import ErasureOrigin
    from app.privacy.queries import retention_due
    from app.privacy.services import user_erase

    days = current_app.config["PRIVACY_RETENTION_DAYS"]
    due = retention_due(today=date.today(), days=days)
    verb = "Erasing" if apply_ else "Would erase"
    click.echo(f"{verb} {len(due)} participant(s) back from their exchange for over {days} days.")
    for user, returned_on in due:
        click.echo(f"  #{user.id} {user.name} <{user.email}> returned {returned_on.isoformat()}")
        if apply_:
            user_erase(user=user, by=None, origin=ErasureOrigin.RETENTION)
            db.session.commit()
    if due and not apply_:
        click.echo("Nothing was changed. Run again with --apply to erase them.")


def init_app(app: Flask) -> None:
    from app.privacy.providers import register_provider
    from app.privacy.requests_provider import PrivacyRequestsProvider
    from app.privacy.views import bp

    register_provider(PrivacyRequestsProvider())
    app.register_blueprint(bp)
    app.cli.add_command(privacy_cli)
