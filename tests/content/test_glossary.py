"""The course glossary: one term per concept in every language the app offers."""

from pathlib import Path

import yaml

from tests.content.test_loader import LANGUAGES

GLOSSARY = Path(__file__).resolve().parents[2] / "courses" / "glossary.yaml"


def test_every_term_has_a_unique_id_and_a_value_in_every_language():
    terms = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))["terms"]
    ids = [term["id"] for term in terms]
    assert len(ids) == len(set(ids))
    missing = [
        (term["id"], language)
        for term in terms
        for language in LANGUAGES
        if not str(term.get(language) or "").strip()
    ]
    assert missing == []
