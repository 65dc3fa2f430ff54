"""The main menu: each feature registers the entries it contributes, for the roles that use
them; the page header only lists them."""

from collections.abc import Iterable
from dataclasses import dataclass

from flask import Flask, current_app
from flask_login import current_user

from app.accounts.models import Role


@dataclass(frozen=True)
class MenuEntry:
    endpoint: str
    #: A lazily translated label.
    label: object
    roles: frozenset[Role]
    #: Lower comes first.
    order: int


def register_menu_entry(
    app: Flask, endpoint: str, label: object, roles: Iterable[Role], order: int
) -> None:
    entries = app.extensions.setdefault("bru_menu", [])
    entries.append(MenuEntry(endpoint, label, frozenset(roles), order))
    entries.sort(key=lambda e: e.order)


def menu_for_current_user() -> list[MenuEntry]:
    if not current_user.is_authenticated:
        return []
    return [e for e in current_app.extensions.get("bru_menu", []) if current_user.role in e.roles]


def init_app(app: Flask) -> None:
    app.jinja_env.globals["main_menu"] = menu_for_current_user
