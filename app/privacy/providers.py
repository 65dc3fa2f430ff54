"""What personal data each feature holds, and how to export and erase it.

A registry of small classes with one contract, like Moodle's privacy providers: one provider
per feature, each with

- `name`: the key of its part in the export (data.json);
- `models`: every model of the feature that holds personal data; together the providers must
  claim every table with a foreign key to users.id (a test walks the metadata);
- `export(user) -> dict`: everything the feature holds about `user`, as JSON-ready values;
- `erase(user)`: removes (or detaches from the person) what `export` returns, keeping what
  aggregate figures need on the anonymised account. It flushes; the caller commits.

Each feature defines its provider in its own `privacy.py` and registers it from its `init_app`
(`register_provider(...)`); this module holds only the contract and the registry.
Erasure runs through the providers in the reverse order of registration: accounts, which
registers first and anonymises the user row (and so the email address the mail provider
matches on), comes last.
"""

from datetime import date, datetime
from typing import ClassVar

from app.accounts.models import User
from app.extensions import Model

#: What an erased account is called; its email becomes erased-<id>@invalid.
ERASED_NAME = "Erased participant"


def export_time(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


class PrivacyProvider:
    name: ClassVar[str]
    models: ClassVar[tuple[type[Model], ...]]

    def export(self, user: User) -> dict:
        raise NotImplementedError

    def erase(self, user: User) -> None:
        raise NotImplementedError


#: name -> provider, in the order the features registered them.
PRIVACY_PROVIDERS: dict[str, PrivacyProvider] = {}


def register_provider(provider: PrivacyProvider) -> None:
    """A feature declares the personal data it holds (once per name; apps may be made again)."""
    PRIVACY_PROVIDERS.setdefault(provider.name, provider)


def claimed_tables() -> set[str]:
    return {model.__tablename__ for p in PRIVACY_PROVIDERS.values() for model in p.models}
