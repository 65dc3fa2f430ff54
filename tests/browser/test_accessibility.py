"""Accessibility that axe cannot see: keyboard only, visible focus, announced errors, status
shown by more than colour, and pages that reflow at 320 CSS px and with text at 200 %."""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from app.accounts.models import Role, User
from app.extensions import db
from app.journal.models import Audience
from app.journal.services import journal_entry_create
from app.learning.services import step_complete
from app.organisations.models import Region
from tests.browser.a11y import audit
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.exercises.helpers import find

# What the focused element looks like, and the colour its outline is drawn against.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  let behind = 'rgb(255, 255, 255)';
  for (let node = el.parentElement; node; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') { behind = colour; break; }
  }
  const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
  return {
    tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '',
    text: (el.innerText || '').trim(), label: label.trim(),
    inMain: !!el.closest('main'),
    focusVisible: el.matches(':focus-visible'),
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
    outlineColor: style.outlineColor, behind: behind,
  };
}"""


def _luminance(css_colour: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"[\d.]+", css_colour)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def assert_focus_visible(info: dict) -> None:
    where = f"{info['tag']} {info['text'] or info['label'] or info['name']!r}"
    assert info["focusVisible"], f"{where} does not match :focus-visible"
    assert info["outlineStyle"] != "none" and info["outlineWidth"] >= 2, f"no outline on {where}"
    ratio = contrast(info["outlineColor"], info["behind"])
    assert ratio >= 3, f"focus outline of {where} contrasts {ratio:.1f}:1 with its background"


def tab_to(page, wanted, *, shift: bool = False, limit: int = 60) -> dict:
    """Press Tab (or Shift+Tab) until `wanted(focused)` holds; every stop must show focus."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if shift else "Tab")
        info = page.evaluate(FOCUSED)
        if info is None:
            continue
        assert_focus_visible(info)
        if wanted(info):
            return info
    raise AssertionError(f"Tab never reached the element wanted on {page.url}")


def button(text: str):
    return lambda f: f["tag"] == "button" and text in f["text"]


KEYBOARD_KINDS = {None, "single_choice", "reflection", "task", "goals"}


def test_a_module_can_be_completed_with_the_keyboard_alone(
    page, live_server, create_participant, cohort, catalog
):
    user = create_participant(cohort, phase="pre")
    sign_in(page, live_server, user.email)
    # The first preparatory module walked with these kinds: reading, choice, writing, goals.
    module = next(
        m
        for m in catalog.course("preparatory").modules
        if {s.exercise.kind if s.exercise else None for s in m.source.steps} <= KEYBOARD_KINDS
        and any(s.exercise and s.exercise.kind == "single_choice" for s in m.source.steps)
    )
    steps = module.source.steps
    page.goto(f"{live_server}/courses/preparatory/{module.slug}/{steps[0].id}")

    # The first Tab reaches the skip link, which shows itself and jumps into the content.
    skip = tab_to(page, lambda f: True, limit=1)
    assert skip["tag"] == "a" and skip["text"] == "Skip to content"
    expect(page.get_by_role("link", name="Skip to content")).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert tab_to(page, lambda f: True, limit=1)["inMain"]

    def send_answer_and_wait(prompt: str) -> None:
        tab_to(page, button("Send answer"))
        page.keyboard.press("Enter")
        # The feedback replaces the form, and focus moves to it.
        heading = page.locator(".exercise h3.prompt")
        expect(heading).to_have_text(" ".join(prompt.split()))
        expect(heading).to_be_focused()

    for number, step in enumerate(steps, start=1):
        expect(page.get_by_role("heading", name=step.title)).to_be_visible()
        ex = step.exercise
        last = number == len(steps)
        if ex is None:
            # A reading step.
            tab_to(page, button("Finish module" if last else "Mark done and continue"))
            page.keyboard.press("Enter")
            continue
        if ex.kind == "single_choice":
            # Tab into the group, arrows to the right answer, Space to choose it.
            correct = next(o["text"].strip() for o in ex["options"] if o.get("correct"))
            focused = tab_to(page, lambda f: f["type"] == "radio")
            for _ in ex["options"]:
                if focused["label"] == correct:
                    break
                page.keyboard.press("ArrowDown")
                focused = page.evaluate(FOCUSED)
            page.keyboard.press("Space")
            expect(page.get_by_label(correct)).to_be_checked()
            send_answer_and_wait(ex["prompt"])
            expect(page.get_by_text("Correct.")).to_be_visible()
        elif ex.kind in ("reflection", "task"):
            # Past the text box to the button, Shift+Tab back, write, send.
            tab_to(page, button("Send answer"))
            tab_to(page, lambda f: f["tag"] == "textarea", shift=True)
            page.keyboard.type("Patience, and listening before I suggest anything.")
            send_answer_and_wait(ex["prompt"])
            expect(
                page.get_by_text("Patience, and listening before I suggest anything.")
            ).to_be_visible()
        elif ex.kind == "goals":
            # Type a goal, rate it with the arrow keys, send.
            tab_to(page, lambda f: f["label"] == "Goal 1")
            page.keyboard.type("Plan the work with my host colleagues")
            tab_to(page, lambda f: f["tag"] == "select", limit=1)
            page.keyboard.press("ArrowDown")
            expect(page.locator("select[name=rating-1]")).to_have_value("1")
            send_answer_and_wait(ex["prompt"])
        tab_to(page, button("Finish module" if last else "Next"))
        page.keyboard.press("Enter")

    expect(page.get_by_text("Module finished. Well done!")).to_be_visible()
    expect(page.locator(".modules li", has_text=module.source.title)).to_contain_text("Done")


def test_form_errors_are_announced_and_linked_to_their_fields(
    page, live_server, create_participant, create_user, cohort, catalog
):
    # A form sent back by the server: a summary, announced and focused, linking to fields.
    page.goto(f"{live_server}/sign-in")
    page.get_by_label("Email").fill("nobody@example.org")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("The email or password is not right.")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name=re.compile("Password"))
    target = link.get_attribute("href")
    password = page.locator(target)
    expect(password).to_have_attribute("aria-invalid", "true")
    described = password.get_attribute("aria-describedby").split()
    assert any(
        "The email or password is not right." in page.locator(f"#{i}").inner_text()
        for i in described
    )
    audit(page, "errors")
    link.click()
    expect(password).to_be_focused()

    # A group of checkboxes in error: the fieldset is described by the message.
    facilitator = create_user(Role.FACILITATOR)
    sign_in(page, live_server, facilitator.email)
    page.goto(f"{live_server}/cohorts/new")
    group = page.get_by_role("group", name="Courses")
    for box in group.get_by_role("checkbox").all():
        box.uncheck()
    page.get_by_role("button", name="Create").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Choose at least one course.")
    expect(summary).to_be_focused()
    error_id = group.get_attribute("aria-describedby")
    expect(page.locator(f"#{error_id}")).to_have_text(re.compile("Choose at least one course."))
    audit(page, "errors")
    summary.get_by_role("link", name=re.compile("Courses")).click()
    expect(group.get_by_role("checkbox").first).to_be_focused()
    page.get_by_role("button", name="Sign out").click()

    # An exercise answered incompletely: the error comes in place, is announced and focused,
    # and the answer's fields point to it.
    participant = create_participant(cohort, phase="post")
    sign_in(page, live_server, participant.email)
    course, module, step, ex = find(catalog, "dilemma")
    page.goto(f"{live_server}/courses/{course.slug}/{module.slug}/{step.id}")
    page.get_by_label(ex["options"][0]["text"].strip()).check()
    page.get_by_role("button", name="Send answer").click()
    alert = page.locator(".exercise [role=alert]")
    expect(alert).to_have_text("Write a few words about why you chose this.")
    expect(alert).to_be_focused()
    alert_id = alert.get_attribute("id")
    why = page.get_by_label("Why would you choose this?")
    expect(why).to_have_attribute("aria-describedby", re.compile(alert_id))
    expect(page.locator(".exercise fieldset")).to_have_attribute("aria-describedby", alert_id)
    audit(page, "exercise error")


@pytest.fixture
def followed_cohort(app, create_user, create_cohort, create_participant, create_organisation):
    """A facilitator's cohort whose matrix shows every status, and a partner organisation."""
    facilitator = create_user(Role.FACILITATOR, name="Fatima Facilitator")
    cohort = create_cohort(name="Spring 2027", facilitators=[facilitator])
    home = create_organisation(name="Bergen Youth Network", region=Region.NORWAY, country="NO")
    host = create_organisation(name="Kampala Teachers", country="UG")
    back = create_participant(cohort, phase="post", home=home, host=host, name="Amina Mwangi")
    early = create_participant(cohort, phase="pre", home=home, host=host, name="Jonas Berg")
    partner = create_user(Role.PARTNER, organisation=host, name="Grace Partner")
    with app.app_context():
        amina = db.session.get(User, back.id)
        for step in ("welcome", "reciprocity", "give-and-gain", "history"):
            step_complete(
                user=amina,
                course_slug="preparatory",
                module_slug="being-a-participant",
                step_id=step,
            )
        module = app.extensions["bru_catalog"].course("preparatory").modules[1]
        for step_id in module.step_ids:
            step_complete(
                user=amina, course_slug="preparatory", module_slug=module.slug, step_id=step_id
            )
        step_complete(  # begun, and not due yet
            user=db.session.get(User, early.id),
            course_slug="preparatory",
            module_slug="being-a-participant",
            step_id="welcome",
        )
        entry = journal_entry_create(
            author=amina,
            title="Back home",
            body="Colleagues ask what I learned; I need a short answer.",
            audience=Audience.PARTNERS,
        )
        db.session.commit()
        entry_id = entry.id
    return {
        "facilitator": facilitator,
        "cohort": cohort,
        "participant": back,
        "partner": partner,
        "entry_id": entry_id,
    }


def test_progress_is_never_shown_by_colour_alone(page, live_server, followed_cohort):
    cohort = followed_cohort["cohort"]
    sign_in(page, live_server, followed_cohort["facilitator"].email)
    page.goto(f"{live_server}/cohorts/{cohort.id}")
    symbols = {"Done": "✓", "In progress": "◐", "Not started": "○", "Overdue": "!"}

    legend = page.locator(".legend").inner_text()
    for word, symbol in symbols.items():
        assert f"{symbol} {word}" in legend

    # Every phase unfolded (each is a <details>, folded but for the cohort's current one).
    for summary in page.locator("#matrix details > summary").all():
        if not summary.evaluate("s => s.parentElement.open"):
            summary.click()
    cells = page.locator("#matrix td.cell")
    shown = set()
    for cell in cells.all():
        text = " ".join(cell.text_content().split())
        word = next((w for w in symbols if text == f"{symbols[w]} {w}"), None)
        assert word, f"a matrix cell says {text!r}: it needs its symbol and its word"
        shown.add(word)
    assert shown == set(symbols), shown  # the fixture's cohort has every status
    # Screen readers get the word (the symbol is hidden from them), and the compact cells
    # show the symbol, at every size.
    expect(page.get_by_role("cell", name="Overdue", exact=True).first).to_be_visible()
    page.set_viewport_size({"width": 360, "height": 640})
    for symbol in symbols.values():
        expect(
            page.locator("#matrix td.cell span[aria-hidden]", has_text=symbol).first
        ).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 800})

    # The chart: every bar carries its course and value in text; one folded table has the
    # figures of every organisation.
    page.goto(f"{live_server}/cohorts/{cohort.id}/organisations")
    chart = page.get_by_role("list", name=re.compile("Completion per course for"))
    expect(chart.first).to_be_visible()
    for bar in page.locator(".bars.chart li").all():
        value = bar.locator(".bar-value").text_content().replace("\xa0", " ").strip()
        assert re.fullmatch(r"\d+ %", value)
        assert bar.locator(".bar-label").text_content().strip()
    page.locator("details.all-figures > summary").click()
    table = page.locator("details.all-figures table.data")
    expect(table.get_by_role("cell").first).to_have_text(re.compile(r"\d+\s%"))

    # The participant's detail: the status column says it in words.
    page.goto(f"{live_server}/cohorts/{cohort.id}/participants/{followed_cohort['participant'].id}")
    statuses = page.locator("td.cell").all_inner_texts()
    assert statuses and all(s.strip() in symbols for s in statuses), statuses


READING_PAGES = {
    None: ["/sign-in", "/reset-password", "/no-such-page"],
    "participant": [
        "/dashboard",
        "/courses/preparatory",
        "/courses/preparatory/being-a-participant/welcome",
        "/courses/preparatory/being-a-participant/reciprocity",
        "/courses/preparatory/global-understanding/agenda-2030",
        "/courses/preparatory/intercultural-adjustment/adjustment-curve",
        "/courses/preparatory/being-a-participant/your-goals",
        "/courses/preparatory/intercultural-adjustment/self-assessment",
        "/goals",
        "/journal",
        "/journal/new?fresh=1",
        "/journal/{entry_id}",
        "/profile",
    ],
    "facilitator": [
        "/cohorts",
        "/cohorts/{cohort_id}",
        "/cohorts/{cohort_id}/organisations",
        "/cohorts/{cohort_id}/participants/{participant_id}",
        "/cohorts/{cohort_id}/reminders",
        "/cohorts/{cohort_id}/manage",
        "/cohorts/new",
        "/people/invite",
        "/people/invite/csv",
        "/journal/people/{participant_id}",
        "/journal/{entry_id}",
    ],
    "partner": ["/organisation", "/organisation/participants/{participant_id}"],
    "admin": [
        "/admin/organisations",
        "/admin/organisations/new",
        "/admin/users",
        "/admin/users/{participant_id}",
        "/admin/cohorts",
        "/admin/exchanges",
        "/admin/exchanges/new",
        "/admin/content",
    ],
}

# Anything wider than the viewport outside the marked scrollable table regions, and text cut
# off by a box too small for it. Visually hidden text (1 px, clipped) is meant to be so.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  if (document.documentElement.scrollWidth > width) {
    problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
  }
  const describe = (el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}` +
    `${el.classList.length ? '.' + [...el.classList].join('.') : ''}` +
    ` "${(el.innerText || '').trim().slice(0, 40)}"`;
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.table-scroll')) continue;
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1 || box.right <= 0) continue;
    if (box.right > width + 1) problems.push(`${describe(el)} reaches ${Math.round(box.right)} px`);
    const style = getComputedStyle(el);
    if (['hidden', 'clip'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`${describe(el)} cuts off its content`);
    }
  }
  for (const region of document.querySelectorAll('.table-scroll')) {
    const box = region.getBoundingClientRect();
    if (box.right > width + 1) problems.push(`a table region reaches ${Math.round(box.right)} px`);
    if (region.getAttribute('role') !== 'region' || !region.getAttribute('aria-label')
        || region.tabIndex !== 0) {
      problems.push('a scrollable table region is not marked (role, name, tabindex=0)');
    }
  }
  return problems.slice(0, 8);
}"""


def test_pages_reflow_at_320_px_and_with_text_at_200_percent(
    browser, live_server, create_user, followed_cohort
):
    ids = {
        "cohort_id": followed_cohort["cohort"].id,
        "participant_id": followed_cohort["participant"].id,
        "entry_id": followed_cohort["entry_id"],
    }
    people = {
        None: None,
        "participant": followed_cohort["participant"],
        "facilitator": followed_cohort["facilitator"],
        "partner": followed_cohort["partner"],
        "admin": create_user(Role.ADMIN),
    }
    own_host = urlparse(live_server).netloc
    problems = {}
    checked = 0
    for role, paths in READING_PAGES.items():
        context = browser.new_context(viewport={"width": 320, "height": 640})
        page = context.new_page()
        page.set_default_timeout(10_000)
        foreign = []
        page.on(
            "request", lambda r, f=foreign: urlparse(r.url).netloc != own_host and f.append(r.url)
        )
        if people[role] is not None:
            page.goto(f"{live_server}/sign-in")
            page.get_by_label("Email").fill(people[role].email)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_load_state()
        for path in paths:
            path = path.format(**ids)
            page.set_viewport_size({"width": 320, "height": 640})
            response = page.goto(live_server + path)
            assert response.status < 500
            found = page.evaluate(OVERFLOW)
            if found:
                problems[f"{path} at 320 px"] = found
            # Text at 200 % on a 640 px wide window.
            page.set_viewport_size({"width": 640, "height": 800})
            page.evaluate("document.documentElement.style.fontSize = '200%'")
            found = page.evaluate(OVERFLOW)
            if found:
                problems[f"{path} with text at 200 %"] = found
            checked += 1
        assert foreign == []
        context.close()
    assert checked == sum(len(p) for p in READING_PAGES.values())
    assert not problems, "\n".join(f"{where}: {found}" for where, found in problems.items())
