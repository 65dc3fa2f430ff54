"""Safeguarding: confidential reports of concern, read by safeguarding officers only.

Officers are appointed and revoked on the server (`flask safeguarding appoint EMAIL`), never
through the web: administrators do not read reports, and must not be able to give
themselves (or anyone) the role.
"""

import click
from flask import Flask
from flask.cli import AppGroup
from flask_babel import current_app
from flask_babel import lazy_gettext as _l

safeguarding_cli = AppGroup("safeguarding", help="Appoint and revoke safeguarding officers.")


def _change(email: str, change) -> None:
    from app.accounts.services import user_by_email
    from app.extensions import db
    from app.safeguarding.services import AppointmentRefused

    user = user_by_email(email)
    if user is None:
        raise click.ClickException(
            f"No account has the address {email.strip()}: invite the person first (as any "
            "role), then appoint them."
        )
    # Emails to the participants concerned carry links: build them as in a request.
    with current_app.test_request_context():
        try:
            change(user=user)
        except AppointmentRefused as refused:
            db.session.rollback()
            raise click.ClickException(str(refused)) from None
        db.session.commit()
    click.echo(f"{user.name} <{user.email}> is now: {user.role.value}.")


@safeguarding_cli.command("appoint")
@click.argument("email")
def appoint_command(email: str) -> None:
    """Make the account with EMAIL a safeguarding officer (audited)."""
    from app.safeguarding.services import safeguarding_officer_appoint

    _change(email, safeguarding_officer_appoint)


@safeguarding_cli.command("revoke")
@click.argument("email")
def revoke_command(email: str) -> None:
    """Take the safeguarding role from EMAIL; the account becomes a participant (audited)."""
    from app.safeguarding.services import safeguarding_officer_revoke

    _change(email, safeguarding_officer_revoke)


def init_app(app: Flask) -> None:
    from app.accounts.models import Role
    from app.menu import register_menu_entry

    register_menu_entry(
        app, "safeguarding.reports", _l("Safeguarding reports"), (Role.SAFEGUARDING,), 20
    )
    from app.privacy.providers import register_provider
    from app.safeguarding.privacy import SafeguardingProvider

    register_provider(SafeguardingProvider())
    from app.safeguarding.views import bp

    app.register_blueprint(bp)
    app.cli.add_command(safeguarding_cli)
