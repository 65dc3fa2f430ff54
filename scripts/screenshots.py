"""Take the README's screenshots: key pages at phone and desktop size, and one page in three
languages. Run with `make screenshots`; the images land in docs/screenshots/, recompressed
with optipng when it is installed (`make screenshots` installs it).

It builds a throw-away SQLite database with the demo data, serves Bru on 127.0.0.1 and
drives Debian's chromium with Playwright.
"""

import shutil
import subprocess
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from demo_app import demo_app  # noqa: E402

from app.demo import DEMO_PASSWORD  # noqa: E402

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
    if page.locator("html").get_attribute("lang") != language:
        # On a phone the language switcher is in the folded menu; picking one sends it.
        if page.locator(".menu-button").is_visible():
            page.locator(".menu-button").click()
        with page.expect_navigation():
            page.select_option("#language-switcher", language)
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def optimise(paths) -> None:
    """Recompress the PNGs losslessly with Debian's optipng, when it is installed."""
    optipng = shutil.which("optipng")
    if optipng and paths:
        subprocess.run([optipng, "-quiet", "-o2", "-strip", "all", *map(str, paths)], check=True)


def scroll_to(page, selector: str, above: int = 0) -> None:
    """Bring the top of `selector` (and `above` pixels over it) to the top of the screen, as
    a person scrolling would."""
    page.locator(selector).first.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.evaluate(f"window.scrollBy(0, -{above})")


def own_language_and_partner_shots(browser, base, catalog) -> list[Path]:
    """On a phone: a graded exercise answered in Swahili and in Portuguese with its feedback
    shown, the partner contact's first page, and a step of a partner course."""
    width, height = SIZES["phone"]
    shots = []

    def phone_page(email, language="en"):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        sign_in(page, base, email, language)
        return context, page

    module = catalog.module("preparatory", "being-a-participant")
    for language in ("sw", "pt"):
        exercise, _ = module.exercise_in("reciprocity", language)
        wrong = next(o for o in exercise["options"] if not o.get("correct"))
        context, page = phone_page("participant@example.org", language)
        page.goto(f"{base}/courses/preparatory/being-a-participant/reciprocity")
        again = page.locator(".exercise a.button")  # the demo participant answered already
        if again.count():
            again.click()
        page.get_by_label(" ".join(wrong["text"].split())).check()
        page.locator(".exercise button[type=submit]").click()
        page.locator(".exercise .feedback-list").wait_for()
        # The question's last line, then the feedback on the answer.
        scroll_to(page, ".exercise .result", above=56)
        shots.append(OUT / f"exercise-feedback-{language}-phone.png")
        page.screenshot(path=shots[-1])
        context.close()

    context, page = phone_page("partner@example.org")
    page.goto(f"{base}/dashboard")
    # The page down to the end of the first course card: what waits, and their own course.
    card = page.locator(".course-card").first.bounding_box()
    shots.append(OUT / "partner-first-page-phone.png")
    page.screenshot(
        path=shots[-1],
        full_page=True,
        clip={"x": 0, "y": 0, "width": width, "height": card["y"] + card["height"] + 16},
    )
    page.goto(f"{base}/courses/partners-before/hosting-well/housing")
    shots.append(OUT / "partner-course-step-phone.png")
    page.screenshot(path=shots[-1])
    context.close()
    return shots


def dilemma_result_shot(browser, base, catalog) -> list[Path]:
    """On a phone: a dilemma answered, its cohort's choices and the start of the discussion,
    with the participant's own choice labelled."""
    width, height = SIZES["phone"]
    module = catalog.module("preparatory", "intercultural-adjustment")
    exercise = module.exercise("speaking-up")
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    sign_in(page, base, "participant@example.org")
    page.goto(f"{base}/courses/preparatory/intercultural-adjustment/speaking-up")
    again = page.locator(".exercise a.button")
    if again.count():
        again.click()
    page.get_by_label(" ".join(exercise["options"][2]["text"].split())).check()
    page.get_by_label("Why would you choose this?").fill("I can think it over and still be heard.")
    page.locator(".exercise button[type=submit]").click()
    page.locator(".exercise .distribution").wait_for()
    scroll_to(page, ".exercise .distribution", above=8)
    shot = OUT / "dilemma-result-phone.png"
    page.screenshot(path=shot)
    context.close()
    return [shot]


def facilitator_shots(browser, base) -> list[Path]:
    """The cohort matrix at 1366 px and on a phone, and the reminders form's preview of the
    email in each language being sent."""
    shots = []

    def facilitator_page(width, height):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        sign_in(page, base, "facilitator@example.org")
        return context, page

    for name, (width, height) in (("1366", (1366, 768)), ("phone", SIZES["phone"])):
        context, page = facilitator_page(width, height)
        page.goto(f"{base}/cohorts/1")
        # From the legend down: the folded phases and the one the cohort is in.
        scroll_to(page, "#matrix .legend", above=8)
        shots.append(OUT / f"cohort-matrix-{name}.png")
        page.screenshot(path=shots[-1])
        context.close()

    context, page = facilitator_page(1366, 768)
    page.goto(f"{base}/cohorts/1/reminders")
    # Three people who read three languages (Bokmål, Nynorsk, French).
    for name in ("Grace Mwangi", "Minh Nguyen", "Sita Shrestha"):
        page.get_by_role("checkbox", name=name).check()
    page.fill("textarea[name=message]", "Ring meg om du treng hjelp, så finn vi ei løysing.")
    page.get_by_role("button", name="Preview the emails").click()
    page.locator(".email-preview").first.wait_for()
    # From the recipients, each with their language, down to the second language's email.
    main = page.locator("main").bounding_box()
    top = page.locator("main fieldset").bounding_box()["y"] + page.evaluate("window.scrollY")
    last = page.locator(".email-preview").nth(1).bounding_box()
    bottom = last["y"] + last["height"] + page.evaluate("window.scrollY")
    shots.append(OUT / "reminders-preview.png")
    page.screenshot(
        path=shots[-1],
        full_page=True,
        clip={"x": main["x"], "y": top - 8, "width": main["width"], "height": bottom - top + 24},
    )
    context.close()
    return shots


def offline_shot(browser, base) -> None:
    """The offline indicator on a phone: a kept course, the network cut, a step done waiting."""
    context = browser.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    sign_in(page, base, "participant@example.org")
    page.goto(base + "/courses/preparatory")
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.reload()
    page.get_by_role("button", name="Keep for offline use").click()
    page.wait_for_selector("[data-forget]:not([hidden])", timeout=60_000)
    context.set_offline(True)
    page.goto(base + "/courses/preparatory/being-a-participant/welcome")
    page.locator(".step-nav").get_by_role("button").click()  # marked done once back online
    page.wait_for_url("**/reciprocity")
    page.wait_for_selector("#offline-status:not([hidden])")
    page.locator("#offline-status").scroll_into_view_if_needed()
    page.screenshot(path=OUT / "offline-indicator-phone.png")
    context.close()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with demo_app() as app:
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
            offline_shot(browser, base)
            # `screenshots.py offline`: that one alone.
            for size_name, (width, height) in SIZES.items() if sys.argv[1:] != ["offline"] else ():
                for name, email, path in shots:
                    context = browser.new_context(viewport={"width": width, "height": height})
                    page = context.new_page()
                    if email:
                        sign_in(page, base, email)
                    page.goto(base + path)
                    page.screenshot(path=OUT / f"{name}-{size_name}.png", full_page=False)
                    context.close()
            for language in ("en", "nn", "sw") if sys.argv[1:] != ["offline"] else ():
                context = browser.new_context(viewport={"width": 360, "height": 640})
                page = context.new_page()
                sign_in(page, base, "participant@example.org", language)
                page.goto(base + "/dashboard")
                page.screenshot(path=OUT / f"dashboard-{language}.png")
                context.close()
            if sys.argv[1:] != ["offline"]:
                own_language_and_partner_shots(browser, base, app.extensions["bru_catalog"])
                dilemma_result_shot(browser, base, app.extensions["bru_catalog"])
                facilitator_shots(browser, base)
            browser.close()
        server.shutdown()
    optimise(sorted(OUT.glob("*.png")))
    print(f"Screenshots written to {OUT.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
