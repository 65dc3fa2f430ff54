from flask import Flask


def init_app(app: Flask) -> None:
    """Admin pages arrive with the follow-up features; people are invited from accounts."""
