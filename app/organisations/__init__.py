from flask import Flask


def init_app(app: Flask) -> None:
    """Organisations have no pages of their own yet; the admin feature manages them."""
    from app.organisations.privacy import OrganisationsProvider
    from app.privacy.providers import register_provider

    register_provider(OrganisationsProvider())
