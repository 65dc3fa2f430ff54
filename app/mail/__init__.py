import time

import click
from flask import Flask
from flask.cli import AppGroup

from app.mail.services import outbox_send_pending

mail_cli = AppGroup("mail", help="Deliver the outbox over SMTP.")


@mail_cli.command("send")
@click.option("--loop", is_flag=True, help="Keep running, delivering new mail as it arrives.")
@click.option("--interval", default=10, show_default=True, help="Seconds between rounds.")
def send_command(loop: bool, interval: int) -> None:
    """Send queued emails; failed ones stay queued and are retried next round."""
    while True:
        sent, failed = outbox_send_pending()
        if sent or failed or not loop:
            click.echo(f"Sent {sent}, failed {failed}.")
        if not loop:
            return
        time.sleep(interval)


def init_app(app: Flask) -> None:
    from app.mail.privacy import MailProvider
    from app.privacy.providers import register_provider

    register_provider(MailProvider())
    app.cli.add_command(mail_cli)
