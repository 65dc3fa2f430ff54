"""Audit trail: who read or did what to another person's data, and when (never the content)."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.audit.privacy import AuditProvider
    from app.privacy.providers import register_provider

    register_provider(AuditProvider())
