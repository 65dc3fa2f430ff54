"""Typography a language's readers expect, checked in its course files (`flask content check`
warns; a warning never stops start-up).

French puts a no-break space (U+00A0, or the narrow U+202F) before `? ! : ;` and inside
« »; a plain space there lets a line break before the mark, and a missing one reads wrong.
"""

import re
from collections.abc import Iterator
from pathlib import Path

NO_BREAK = "\u00a0\u202f"
FRENCH_RULES = [
    (re.compile(r" [?!:;]"), "a plain space before '{mark}': use a no-break space"),
    (
        re.compile(rf"[^\s{NO_BREAK}*_`(\[][?!:;](?=[\s{NO_BREAK}»]|$)"),
        "no space before '{mark}': put a no-break space",
    ),
    (re.compile(r"« "), "a plain space after '«': use a no-break space"),
    (re.compile(r" »"), "a plain space before '»': use a no-break space"),
    (re.compile(rf"«[^\s{NO_BREAK}]"), "no space after '«': put a no-break space"),
    (re.compile(rf"[^\s{NO_BREAK}]»"), "no space before '»': put a no-break space"),
    # A wrapped line that starts with the mark is joined to the line before by a plain space.
    (re.compile(r"^\s*[?!:;»]"), "the line starts with '{mark}': keep it on the line before"),
]
RULES = {"fr": FRENCH_RULES}
#: Lines whose text is markup, not prose: fences, YAML keys with no text, links' targets.
SKIP = re.compile(r"^\s*(```|~~~|---|[a-z_]+:\s*(>-|\|)?\s*$|-?\s*key:)")


def _text_of(line: str) -> str:
    """The prose of a line: without a YAML key in front, link targets and inline code."""
    line = re.sub(r"^\s*-?\s*[a-z_]+:\s", "", line)
    line = re.sub(r"\]\([^)]*\)", "]", line)
    line = re.sub(r"\{#[^}]*\}", "", line)
    return re.sub(r"`[^`]*`", "", line).lstrip()


def typography_warnings(root: Path, languages: list[str]) -> Iterator[str]:
    """`file:line: problem` for every line of a course file that breaks its language's rules."""
    for language in languages:
        rules = RULES.get(language)
        if not rules:
            continue
        for path in sorted(root.glob(f"*/*/{language}.md")):
            name = path.relative_to(root.parent)
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if SKIP.match(line):
                    continue
                text = _text_of(line)
                for pattern, message in rules:
                    match = pattern.search(text)
                    if match:
                        mark = match.group(0).strip(" " + NO_BREAK)[-1:]
                        yield f"{name}:{number}: {message.format(mark=mark)}"
