"""axe-core (shipped inside axe-playwright-python) on the page as the browser shows it.

`audit(page)` fails the test on any serious or critical violation of WCAG 2.1 A/AA or of
axe's best practices, and lists every page audited with its lesser findings in the run's
summary.
"""

from urllib.parse import urlparse

from axe_playwright_python.sync_playwright import Axe

from tests.browser.report import note

RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = {"serious", "critical"}
SECTION = "Accessibility (axe-core, WCAG 2.1 AA and best practices): every page audited"

_axe = Axe()


def _describe(violation: dict) -> str:
    nodes = "; ".join(
        f"{', '.join(map(str, node['target']))} — {node.get('failureSummary', '').splitlines()[-1]}"
        for node in violation["nodes"][:5]
    )
    return f"{violation['id']} ({violation['impact']}): {violation['help']} [{nodes}]"


def audit(page, where: str = "") -> list[dict]:
    """Run axe on the current page; returns every violation found."""
    page.wait_for_load_state()
    # Not in the middle of an htmx request or swap (faded or half-swapped content).
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )
    results = _axe.run(
        page, options={"runOnly": {"type": "tag", "values": RULES}, "resultTypes": ["violations"]}
    )
    violations = results.response["violations"]
    path = urlparse(page.url).path + (f" ({where})" if where else "")
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"axe on {path}:\n" + "\n".join(_describe(v) for v in blocking)
    note(SECTION, *([f"{path}: {_describe(v)}" for v in violations] or [f"{path}: no violation"]))
    return violations
