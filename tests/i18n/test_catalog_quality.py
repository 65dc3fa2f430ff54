"""Translate Toolkit's pofilter on every catalog: placeholders, markup, links, whitespace and
end punctuation that a translation must keep, with the few findings that are right for a
language listed (and explained) below rather than silenced wholesale."""

import re
import subprocess
import sys

import pytest

from tests.i18n.test_catalogs import LOCALES, ROOT

#: The checks that find real mistakes in these catalogs. Left out, because they flag every
#: correct translation: quote marks (each language has its own), nplurals (CLDR gives fr, es
#: and pt a third form), startpunc (« at the start), long/short/simplecaps/unchanged.
CHECKS = [
    "printf",
    "variables",
    "xmltags",
    "urls",
    "emails",
    "newlines",
    "startwhitespace",
    "endwhitespace",
    "doublespacing",
    "endpunc",
    "brackets",
    "doublewords",
    "puncspacing",
]

#: (language, check, msgid) findings that are correct translations.
ACCEPTED = {
    # "(s)" plurals are rephrased, or a count is put in brackets where the sentence turns.
    **{
        (lang, "brackets", "Invalid choice(s): one or more data inputs could not be coerced."): ""
        for lang in LOCALES
    },
    **{
        (lang, "brackets", "Select the %(num)d participant behind schedule"): ""
        for lang in ("fr", "es", "pt")
    },
    **{
        (lang, "brackets", "Your unsaved draft from %(when)s is restored."): ""
        for lang in ("fr", "es", "pt", "sw")
    },
    # "separador (aba)": the European word for a browser tab, and the Brazilian one.
    (
        "pt",
        "brackets",
        "You are signed out. Your text is kept on this device: sign in again in a new tab, "
        "and saving goes on here.",
    ): "",
    # Norwegian puts a space before an ellipsis that stands for what is left out.
    ("nb", "endpunc", "Choose…"): "",
    ("nn", "endpunc", "Choose…"): "",
    ("nb", "endpunc", "Saving…"): "",
    ("nn", "endpunc", "Saving…"): "",
    # Spanish letters open "Hola, Ana:".
    ("es", "endpunc", "Hello %(name)s,"): "",
    # French puts a no-break space inside « » and before ; — which the check reads as spacing.
    ("fr", "puncspacing", "'%(role)s' is not a role you can invite."): "",
    (
        "fr",
        "puncspacing",
        "Your reflections before, during and after the exchange. Each entry is private unless "
        "you choose to share it; your answers to the courses' reflection prompts are here too.",
    ): "",
    # Swahili "yako yako" (your … is) and "hiyo hiyo" (the same) are not repeated words.
    (
        "sw",
        "doublewords",
        "Both texts are kept. The saved version is shown here, your text is in the editor "
        "below. Keep the saved version, or make the editor hold what you want and save it.",
    ): "",
    ("sw", "doublewords", "The same report on the command line: flask content status."): "",
}
FINDING = re.compile(r"^# \(pofilter\) (\w+):", re.M)


def findings(language: str) -> set[tuple[str, str, str]]:
    """Every (language, check, msgid) pofilter reports for a catalog."""
    from babel.messages.pofile import read_po

    po = ROOT / "translations" / language / "LC_MESSAGES" / "messages.po"
    args = [sys.executable, "-m", "translate.filters.pofilter", f"--language={language}"]
    args += [f"--test={check}" for check in CHECKS]
    done = subprocess.run([*args, str(po)], capture_output=True, text=True, check=True)
    with po.open("rb") as source:
        catalog = read_po(source, locale=language)
    found = set()
    for unit in done.stdout.split("\n\n"):
        checks = FINDING.findall(unit)
        if not checks:
            continue
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', unit, re.M).group(1)
        text = "".join(re.findall(r'"(.*)"', msgid)).replace('\\"', '"')
        assert catalog.get(text) is not None or any(
            isinstance(m.id, tuple) and m.id[0] == text for m in catalog
        ), text
        found |= {(language, check, text) for check in checks}
    return found


@pytest.mark.parametrize("language", LOCALES)
def test_pofilter_finds_nothing_but_accepted_differences(language):
    unexpected = sorted(findings(language) - set(ACCEPTED))
    assert unexpected == [], "\n".join(f"{c}: {m}" for _, c, m in unexpected)
