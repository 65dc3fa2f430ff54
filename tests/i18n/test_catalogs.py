"""Every user-facing string is marked for translation, and every catalog is complete."""

import ast
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app import create_app

ROOT = Path(__file__).resolve().parents[2]
#: Every language but the source one (English is the msgid itself), from the configuration.
LOCALES = [code for code in create_app("test").config["LANGUAGES"] if code != "en"]
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
# The product's name is the same in every language.
PRODUCT_NAME = re.compile(r"\bBru\b")


class TextCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.texts = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code"):
            self.skip -= 1

    def handle_data(self, data):
        text = data.strip()
        if not self.skip and re.search(r"[A-Za-z]{2,}", PRODUCT_NAME.sub("", text)):
            self.texts.append(text)


@pytest.mark.parametrize(
    "template",
    sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "app/templates").rglob("*.html")),
)
def test_templates_have_no_unmarked_text(template):
    source = JINJA.sub(" ", (ROOT / template).read_text(encoding="utf-8"))
    collector = TextCollector()
    collector.feed(source)
    assert collector.texts == [], f"{template}: wrap this text in _(): {collector.texts}"


MESSAGE_CALLS = {"flash", "ValidationError", "InvalidAnswer", "AccountError", "ClickException"}


def test_python_messages_shown_to_users_are_marked():
    unmarked = []
    for path in (ROOT / "app").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            first = node.args[0]
            if name in MESSAGE_CALLS - {"ClickException"} and isinstance(
                first, ast.Constant | ast.JoinedStr
            ):
                unmarked.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert unmarked == [], f"mark these messages with _() or _l(): {unmarked}"


def fresh_template(tmp_path) -> set[str]:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_ngettext:1,2",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as f:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}


@pytest.mark.parametrize("locale", LOCALES)
def test_each_catalog_translates_every_marked_string_without_fuzzy_entries(tmp_path, locale):
    wanted = fresh_template(tmp_path)
    with (ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f)
    messages = {(m.id if isinstance(m.id, str) else m.id[0]): m for m in catalog if m.id}
    missing = sorted(wanted - set(messages))
    assert missing == [], f"run `flask translate update`, then translate: {missing[:5]}"
    untranslated = sorted(
        key
        for key, m in messages.items()
        if key in wanted and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    )
    fuzzy = sorted(key for key, m in messages.items() if m.fuzzy)
    assert untranslated == [], f"{locale}: untranslated: {untranslated[:5]}"
    assert fuzzy == [], f"{locale}: fuzzy: {fuzzy[:5]}"
