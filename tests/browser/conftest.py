"""Browser tests: Debian's chromium driven by Playwright against a live Bru on 127.0.0.1.

Nothing downloads a browser: the launch points at /usr/bin/chromium (installed by
`make test`), and every page may talk to Bru's own host only.
"""

import threading
from urllib.parse import urlparse

import pytest
from werkzeug.serving import make_server

from tests.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def _watch(page, live_server) -> list[str]:
    """The requests `page` sends to another host than Bru's, as they happen."""
    own_host = urlparse(live_server).netloc
    foreign = []

    def check(request):
        host = urlparse(request.url).netloc
        if request.url.startswith(("http://", "https://")) and host != own_host:
            foreign.append(request.url)

    page.on("request", check)
    page.set_default_timeout(10_000)
    return foreign


@pytest.fixture
def page(page, live_server):
    """A page that fails the test on any request to another host than Bru's."""
    foreign = _watch(page, live_server)
    yield page
    assert foreign == [], f"requests left Bru's host: {foreign}"


@pytest.fixture
def open_browser(browser, live_server):
    """`open_browser(viewport=None)`: a page in a browser of its own (its own cookies), for
    each further person of a journey; like `page`, it may talk to Bru's host only."""
    opened = []

    def open_(viewport=None):
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 720})
        page = context.new_page()
        opened.append((context, _watch(page, live_server)))
        return page

    yield open_
    for context, foreign in opened:
        context.close()
        assert foreign == [], f"requests left Bru's host: {foreign}"


def sign_in(page, live_server, email, password=PASSWORD):
    page.goto(f"{live_server}/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}/dashboard")


def pytest_terminal_summary(terminalreporter):
    """What the browser tests measured: weights and timings, lesser accessibility findings."""
    from tests.browser.report import SECTIONS

    for title, lines in SECTIONS.items():
        terminalreporter.section(title, sep="-")
        for line in lines:
            terminalreporter.write_line(line)
