"""A module step is light enough for a phone on a slow connection.

Bytes are counted as the browser receives them (Chrome's `Network.loadingFinished`
encodedDataLength: compressed body and headers), so compression and caching count as served.
"""

import time
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.report import note

KB = 1024
FIRST_LOAD_BUDGET = 60 * KB
WARM_BUDGET = 15 * KB
USABLE_BUDGET_MS = 3000
#: 400 kbit/s each way and 400 ms latency: a slow mobile connection.
SLOW = {"offline": False, "latency": 400, "downloadThroughput": 50_000, "uploadThroughput": 50_000}
SECTION = "Weight and speed of a module step"


@pytest.fixture
def browser_context_args(browser_context_args):
    """Without the service worker: it would fetch for the page, and Chrome would log those
    bytes on the worker, not here. Its own weight (sw.js, once) is counted in tests/offline."""
    return {**browser_context_args, "service_workers": "block"}


class Transfers:
    """Every request the page makes, with the bytes that came over the wire for it."""

    def __init__(self, cdp):
        self.rows: dict[str, dict] = {}
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.responseReceived", self._received)
        cdp.on("Network.requestServedFromCache", self._from_cache)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", self._failed)

    def _sent(self, event):
        rid = event["requestId"]
        redirect = event.get("redirectResponse")
        if redirect:  # the same id goes on to the redirect's target: keep the hop apart
            self.rows[f"{rid}/{len(self.rows)}"] = {
                **self.rows.pop(rid),
                "status": redirect["status"],
                "bytes": redirect.get("encodedDataLength", 0),
                "done": True,
            }
        self.rows[rid] = {
            "url": event["request"]["url"],
            "method": event["request"]["method"],
            "type": event.get("type", ""),
            "status": None,
            "encoding": "",
            "cached": False,
            "bytes": 0,
            "done": False,
        }

    def _received(self, event):
        row = self.rows.get(event["requestId"])
        if row is not None:
            headers = {k.lower(): v for k, v in event["response"]["headers"].items()}
            row.update(
                status=event["response"]["status"],
                type=event.get("type", row["type"]),
                encoding=headers.get("content-encoding", ""),
                cached=row["cached"] or event["response"].get("fromDiskCache", False),
            )

    def _from_cache(self, event):
        if event["requestId"] in self.rows:
            self.rows[event["requestId"]]["cached"] = True

    def _finished(self, event):
        if event["requestId"] in self.rows:
            self.rows[event["requestId"]].update(bytes=event["encodedDataLength"], done=True)

    def _failed(self, event):
        if event["requestId"] in self.rows:
            self.rows[event["requestId"]]["done"] = True

    def take(self, page) -> list[dict]:
        """The requests since the last call, once every one of them has finished."""
        page.wait_for_load_state("networkidle")
        deadline = time.monotonic() + 5
        while not all(r["done"] for r in self.rows.values()) and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        rows = [r for r in self.rows.values() if not r["url"].startswith("data:")]
        self.rows.clear()
        return rows


def table(title: str, rows: list[dict], budget: int) -> int:
    total = sum(r["bytes"] for r in rows)
    lines = [title, f"  {'request':<62} {'type':<11} {'status':>6} {'enc':>4} {'bytes':>8}"]
    for r in rows:
        url = urlparse(r["url"])
        name = r["method"] + " " + url.path + (f"?{url.query}" if url.query else "")
        how = "cache" if r["cached"] else r["encoding"]
        status = r["status"] or ""
        lines.append(f"  {name[:62]:<62} {r['type']:<11} {status:>6} {how:>4} {r['bytes']:>8,}")
    lines.append(f"  {'total':<62} {'':<11} {'':>6} {'':>4} {total:>8,}  (budget {budget:,})")
    note(SECTION, *lines)
    return total


def test_a_module_step_is_light_and_quick_on_a_slow_connection(
    page, live_server, create_participant, cohort, catalog
):
    user = create_participant(cohort, phase="pre")
    sign_in(page, live_server, user.email)
    module = catalog.course("preparatory").modules[0]
    first, second, third = (s.id for s in module.source.steps[1:4])
    step_url = f"{live_server}/courses/preparatory/{module.slug}/"
    own_host = urlparse(live_server).netloc

    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    transfers = Transfers(cdp)

    # First visit: nothing cached.
    cdp.send("Network.clearBrowserCache")
    page.goto(step_url + first)
    cold = transfers.take(page)
    cold_total = table(f"First load of a step (empty cache): {first}", cold, FIRST_LOAD_BUDGET)
    kinds = {r["type"] for r in cold}
    assert {"Document", "Stylesheet", "Script"} <= kinds, kinds

    # The next step, clicked: the page itself, and nothing else sent again.
    page.locator(".step-nav").get_by_role("button").click()
    page.wait_for_url(step_url + second)
    warm = transfers.take(page)
    warm_total = table(f"Next step with a warm cache: {second}", warm, WARM_BUDGET)
    # (On an exercise step the button sends the answer form to "done" by htmx: an XHR.)
    static = ("Stylesheet", "Script", "Image", "Font")
    resent = [r["url"] for r in warm if r["type"] in static and r["bytes"]]
    assert resent == [], f"static files sent again although cached for a year: {resent}"

    for row in cold + warm:
        assert urlparse(row["url"]).netloc == own_host, row["url"]
    assert cold_total <= FIRST_LOAD_BUDGET, f"first load {cold_total:,} bytes"
    assert warm_total <= WARM_BUDGET, f"next step {warm_total:,} bytes"

    # On a slow connection (400 kbit/s, 400 ms latency), with an empty cache and with a warm one.
    cdp.send("Network.emulateNetworkConditions", SLOW)
    timings = []
    for label, clear, step_id in (("empty cache", True, third), ("warm cache", False, first)):
        if clear:
            cdp.send("Network.clearBrowserCache")
        started = time.monotonic()
        page.goto(step_url + step_id, wait_until="domcontentloaded")
        expect(page.locator("main h2").first).to_be_visible()
        visible_ms = (time.monotonic() - started) * 1000
        # Paint timing is recorded a moment after the paint itself: wait for the entry.
        page.wait_for_function(
            "performance.getEntriesByName('first-contentful-paint').length > 0", timeout=5000
        )
        dcl_ms, fcp_ms = page.evaluate(
            """() => [
              performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
              (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime,
            ]"""
        )
        timings.append((label, dcl_ms, fcp_ms, visible_ms))
    cdp.send("Network.emulateNetworkConditions", {**SLOW, "latency": 0, "downloadThroughput": -1})
    transfers.take(page)

    note(
        SECTION,
        "Step page at 400 kbit/s down and up, 400 ms latency "
        f"(budget {USABLE_BUDGET_MS} ms to usable):",
        f"  {'cache':<12} {'DOMContentLoaded':>17} {'first paint':>12} {'main visible':>13}",
        *(
            f"  {label:<12} {dcl:>14.0f} ms {fcp or 0:>9.0f} ms {visible:>10.0f} ms"
            for label, dcl, fcp, visible in timings
        ),
    )
    for label, dcl, fcp, visible in timings:
        assert dcl < USABLE_BUDGET_MS, f"{label}: DOMContentLoaded after {dcl:.0f} ms"
        assert fcp is not None and fcp < USABLE_BUDGET_MS, f"{label}: first paint {fcp} ms"
        assert visible < USABLE_BUDGET_MS, f"{label}: main content visible after {visible:.0f} ms"
