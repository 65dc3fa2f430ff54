"""Which language and time zone a request is served in, and the `flask translate` commands."""

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import click
from babel import Locale
from babel import dates as babel_dates
from flask import Flask, current_app, request, session
from flask.cli import AppGroup
from flask_babel import (
    force_locale,
    format_date,
    format_datetime,
    get_locale,
    get_translations,
    gettext,
)
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

from app.extensions import babel


@lru_cache(maxsize=64)
def own_name(code: str) -> str:
    """A language's name in that language ("Norsk nynorsk", "Kiswahili"), for the switcher:
    the list of languages itself is `LANGUAGES` in the configuration, and nowhere else."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


# Browsers send the generic "no" for Norwegian; Babel's best_match does not map it to either
# written standard, so treat it as Bokmål, the more common one.
ACCEPT_LANGUAGE_ALIASES = {"no": "nb", "nb-no": "nb", "nn-no": "nn", "no-no": "nb"}


def supported_languages() -> list[str]:
    return current_app.config["LANGUAGES"]


def language_from_accept_header() -> str | None:
    languages = supported_languages()
    for value, _quality in request.accept_languages:
        code = value.lower()
        code = ACCEPT_LANGUAGE_ALIASES.get(code, code)
        if code in languages:
            return code
        base = code.split("-")[0]
        base = ACCEPT_LANGUAGE_ALIASES.get(base, base)
        if base in languages:
            return base
    return None


def select_locale() -> str:
    """Saved preference, then this session's choice, then the browser, then English."""
    languages = supported_languages()
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return language_from_accept_header() or current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str | None:
    if current_user and current_user.is_authenticated and current_user.timezone:
        return current_user.timezone
    return session.get("timezone")


# Babel formatting costs tens of microseconds a call, and list pages make hundreds of calls
# with few distinct values: remember the results (they depend only on the arguments).
@lru_cache(maxsize=8192)
def _relative_minutes(minutes: int, locale: str) -> str:
    return babel_dates.format_timedelta(
        timedelta(minutes=minutes), add_direction=True, threshold=1, locale=locale
    )


@lru_cache(maxsize=8192)
def _date(value: date, format: str, locale: str) -> str:
    return babel_dates.format_date(value, format=format, locale=locale)


def relative_time(value: datetime | None, language: str | None = None) -> str:
    """'3 days ago' in the page's language (to the minute); under a minute, either way,
    'just now' (Babel would say "in 0 seconds")."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    seconds = (value - datetime.now(UTC)).total_seconds()
    language = language or page_language()
    if abs(seconds) < 60:
        return _just_now(language)
    return _relative_minutes(round(seconds / 60), language)


def _just_now(language: str) -> str:
    if language == page_language():
        return gettext("just now")
    with force_locale(language):
        return gettext("just now")


def format_day(value: date | datetime, format: str = "medium", language: str | None = None) -> str:
    """A date in the page's language; a datetime is first put in the user's time zone."""
    if isinstance(value, datetime):
        return format_date(value, format)
    return _date(value, format, language or page_language())


def page_language() -> str:
    return str(get_locale() or "en")


def module_name(module, language: str | None = None) -> Markup:
    """A module's title in the page's language, or marked with its own `lang` when the module
    has no translation yet (screen readers then pronounce it right)."""
    language = language or page_language()
    localized = module.localized(language)
    if localized.language == language:
        return Markup.escape(localized.title)
    return Markup('<span lang="{}">{}</span>').format(localized.language, localized.title)


def _template_language(context) -> str:
    """The language a template is rendered in, looked up once per render (see init_app)."""
    language = context.get("page_language")
    return language() if language else page_language()


def _template_translations(context):
    """The catalog a template is rendered with, looked up once per render (see init_app)."""
    return context.get("_render_translations") or get_translations()


# Jinja's own gettext wrappers (autoescaping, %-formatting) call these with the template's
# context: a list page's hundreds of labels then skip Flask-Babel's per-call lookup.
@pass_context
def _gettext(context, message: str) -> str:
    return _template_translations(context).ugettext(message)


@pass_context
def _ngettext(context, singular: str, plural: str, n: int) -> str:
    return _template_translations(context).ungettext(singular, plural, n)


@pass_context
def _pgettext(context, message_context: str, message: str) -> str:
    return _template_translations(context).upgettext(message_context, message)


@pass_context
def _npgettext(context, message_context: str, singular: str, plural: str, n: int) -> str:
    return _template_translations(context).unpgettext(message_context, singular, plural, n)


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.cli.add_command(translate_cli)

    @app.context_processor
    def inject_languages():
        # Asked once per render, not on every row: list pages format hundreds of dates and
        # labels, and each get_locale() or get_translations() walks Flask-Babel's context.
        # A render inside force_locale (emails) runs this again and gets that language.
        language = page_language()
        return {
            "language_names": {code: own_name(code) for code in app.config["LANGUAGES"]},
            "supported_languages": app.config["LANGUAGES"],
            "page_language": lambda: language,
            "language_name": lambda code: Locale.parse(code).get_display_name(language),
            "_render_translations": get_translations(),
        }

    # The method comes with jinja2.ext.i18n, which Flask-Babel adds to the environment.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_gettext,
        ngettext=_ngettext,
        pgettext=_pgettext,
        npgettext=_npgettext,
        newstyle=True,
    )

    app.jinja_env.filters["relative_time"] = pass_context(
        lambda context, value: relative_time(value, _template_language(context))
    )
    app.jinja_env.filters["dateformat"] = pass_context(
        lambda context, value, format="medium": format_day(
            value, format, _template_language(context)
        )
    )
    app.jinja_env.globals["module_name"] = pass_context(
        lambda context, module: module_name(module, _template_language(context))
    )
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": format_datetime(value, fmt)


translate_cli = AppGroup("translate", help="Extract, update and compile the interface catalogs.")
ROOT = Path(__file__).resolve().parent.parent
POT = ROOT / "translations" / "messages.pot"


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


@translate_cli.command("extract")
def extract_command() -> None:
    """Collect every marked string into translations/messages.pot."""
    _pybabel(
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "_l",
        "-k",
        "lazy_ngettext:1,2",
        "--no-location",
        "--sort-output",
        "-o",
        str(POT),
        ".",
    )


@translate_cli.command("update")
def update_command() -> None:
    """Extract, then merge new strings into every catalog (creating missing ones)."""
    click.get_current_context().invoke(extract_command)
    for language in current_app.config["LANGUAGES"]:
        if language == current_app.config["BABEL_DEFAULT_LOCALE"]:
            continue  # the source language needs no catalog
        po = ROOT / "translations" / language / "LC_MESSAGES" / "messages.po"
        if po.exists():
            _pybabel(
                "update",
                "-i",
                str(POT),
                "-d",
                "translations",
                "-l",
                language,
                "--no-fuzzy-matching",
                "--ignore-obsolete",
            )
        else:
            _pybabel("init", "-i", str(POT), "-d", "translations", "-l", language)


@translate_cli.command("compile")
def compile_command() -> None:
    """Compile the catalogs into the .mo files Flask-Babel reads."""
    _pybabel("compile", "-d", "translations", "--statistics")
    click.echo("Catalogs compiled.")
