import time

import click
from flask import Flask
from flask.cli import AppGroup

from app.extensions import db
from app.mail.services import outbox_requeue_failed, outbox_send_pending

mail_cli = AppGroup("mail", help="Deliver the outbox over SMTP.")


@mail_cli.command("send")
@click.option("--loop", is_flag=True, help="Keep running, delivering new mail as it arrives.")
@click.option("--interval", default=10, show_default=True, help="Seconds between rounds.")
def send_command(loop: bool, interval: int) -> None:
    """Send the emails that are due; failed ones are retried later, with growing waits."""
    while True:
        sent, failed = outbox_send_pending()
        if sent or failed or not loop:
            click.echo(f"Sent {sent}, failed {failed}.")
        if not loop:
            return
        time.sleep(interval)


@mail_cli.command("requeue")
def requeue_command() -> None:
    """Queue the emails that were given up on again (after fixing the SMTP settings)."""
    count = outbox_requeue_failed()
    db.session.commit()
    click.echo(f"{count} failed email{'' if count == 1 else 's'} queued again.")


def init_app(app: Flask) -> None:
    from app.mail.privacy import MailProvider
    from app.privacy.providers import register_provider

    register_provider(MailProvider())
    app.cli.add_command(mail_cli)
