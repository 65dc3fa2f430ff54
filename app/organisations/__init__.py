from flask import Flask


def init_app(app: Flask) -> None:
    """Organisations have no pages of their own yet; the admin feature manages them."""
