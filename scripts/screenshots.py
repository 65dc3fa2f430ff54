"""Take the README's screenshots: key pages at phone and desktop size, and one page in three
languages. Run with `make screenshots`; the images land in docs/screenshots/.

It builds a throw-away SQLite database with the demo data, serves Bru on 127.0.0.1 and
drives Debian's chromium with Playwright.
"""

import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from app.demo import DEMO_PASSWORD, demo_create  # noqa: E402
from app.extensions import db  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZES = {"phone": (360, 640), "desktop": (1280, 800)}
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def serve(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def sign_in(page, base, email, language="en"):
    page.goto(f"{base}/sign-in")
    page.select_option("#language-switcher", language)
    page.locator("form.language button").click()
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            "development",
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/shots.db",
            MAIL_PRINT=False,
            RATELIMIT_ENABLED=False,
        )
        with app.app_context():
            db.create_all()
            demo_create()
            db.session.commit()
        server, base = serve(app)
        step = "/courses/preparatory/being-a-participant/reciprocity"
        shots = [
            ("sign-in", None, "/sign-in"),
            ("dashboard", "participant@example.org", "/dashboard"),
            ("module-step", "participant@example.org", step),
            ("cohort-overview", "facilitator@example.org", "/cohorts/1"),
            ("partner", "partner@example.org", "/organisation"),
        ]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            for size_name, (width, height) in SIZES.items():
                for name, email, path in shots:
                    context = browser.new_context(viewport={"width": width, "height": height})
                    page = context.new_page()
                    if email:
                        sign_in(page, base, email)
                    page.goto(base + path)
                    page.screenshot(path=OUT / f"{name}-{size_name}.png", full_page=False)
                    context.close()
            for language in ("en", "nn", "sw"):
                context = browser.new_context(viewport={"width": 360, "height": 640})
                page = context.new_page()
                sign_in(page, base, "participant@example.org", language)
                page.goto(base + "/dashboard")
                page.screenshot(path=OUT / f"dashboard-{language}.png")
                context.close()
            browser.close()
        server.shutdown()
    print(f"Screenshots written to {OUT.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
