"""The time zones a person can choose: real places grouped by country, named in the page's
language (Babel's CLDR data), the likely ones first. What is stored is the IANA name."""

import unicodedata
from functools import lru_cache

from babel import Locale
from babel.core import get_global
from babel.dates import get_timezone_location
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

#: Not a country: CLDR's "world" and "unknown region" (Etc/GMT+5, EST5EDT, Etc/Unknown...).
_NO_COUNTRY = {"001", "ZZ"}
UTC = "UTC"

LIKELY = _l("Likely for you")
UNIVERSAL = _l("Universal time")


@lru_cache(maxsize=1)
def zone_countries() -> dict[str, str]:
    """Every zone that is a place, with its country's ISO 3166 code."""
    return {
        zone: country
        for zone, country in get_global("zone_territories").items()
        if country not in _NO_COUNTRY
    }


def canonical_zone(name: str | None) -> str | None:
    """The offered zone `name` stands for (an old alias such as Asia/Calcutta, which some
    browsers still report, becomes Asia/Kolkata); None for anything else."""
    if not name:
        return None
    name = get_global("zone_aliases").get(name, name)
    return name if name in zone_countries() or name == UTC else None


def _sort_key(text: str) -> str:
    """Alphabetical order whatever the accents (É sorts with E)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


@lru_cache(maxsize=16)
def _countries(language: str) -> tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]:
    """(country code, country name, ((zone, city), ...)) in alphabetical order of names."""
    names = Locale.parse(language).territories
    by_country: dict[str, list[tuple[str, str]]] = {}
    for zone, country in zone_countries().items():
        city = get_timezone_location(zone, locale=language, return_city=True)
        by_country.setdefault(country, []).append((zone, city))
    countries = [
        (code, names.get(code, code), tuple(sorted(zones, key=lambda z: _sort_key(z[1]))))
        for code, zones in by_country.items()
    ]
    return tuple(sorted(countries, key=lambda c: _sort_key(c[1])))


def likely_zones(current: str | None, country: str | None) -> list[str]:
    """The zone set now, then the zones of the person's organisation's country; UTC when
    neither says anything."""
    likely = [zone] if (zone := canonical_zone(current)) else []
    likely += [z for z, c in zone_countries().items() if c == country and z not in likely]
    return likely or [UTC]


def zone_choices(language: str, likely: list[str]) -> list[SelectChoice]:
    """Grouped choices for a select: the likely zones first (named with their country), then
    each country's zones; a likely zone is not repeated below."""
    countries = _countries(language)
    label_of = {zone: f"{city} ({name})" for _, name, zones in countries for zone, city in zones}
    first, universal = str(LIKELY), str(UNIVERSAL)
    choices = [SelectChoice(zone, label_of.get(zone, zone), optgroup=first) for zone in likely]
    for _, name, zones in countries:
        choices += [
            SelectChoice(zone, city, optgroup=name) for zone, city in zones if zone not in likely
        ]
    if UTC not in likely:
        choices.append(SelectChoice(UTC, UTC, optgroup=universal))
    return choices
