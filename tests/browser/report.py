"""What the browser tests measured, printed at the end of the run (see conftest.py).

Tests add lines under a heading; the terminal summary shows them whether or not output
was captured, so the accessibility findings and the weight table are always in the log.
"""

SECTIONS: dict[str, list[str]] = {}


def note(section: str, *lines: str) -> None:
    for line in lines:
        print(line)
    SECTIONS.setdefault(section, []).extend(lines)
