"""`make bench`: Bru under load, on PostgreSQL with the large and huge demo data, by gunicorn.

For each page and for a trivial endpoint (the machine's ceiling) it runs wrk at 1, 8 and 32
concurrent connections and records requests/s, p50/p95/p99 latency, errors, the workers'
memory, the workers' CPU time per request (user + system, from /proc: it drifts far less on a
shared machine than throughput does) and the SQL statements the page runs; before each page
run the trivial endpoint is measured again, and the page's share is of that ceiling. Then, on
a second server (the same app plus two bare routes, bench/floor_app.py), it measures the
floor: a signed-in request that only loads the user, and one that writes one row. It does
this for each data size in turn (the huge one adds a cohort of 500 and an organisation with
1,000 participants) and puts the sizes side by side. The tables go to docs/benchmarks.md.

    make bench                    # databases bru_bench on 127.0.0.1 (BENCH_ADMIN_URL)
    BENCH_SECONDS=5 make bench    # shorter runs
    BENCH_SCALES=large make bench # one data size (default: large,huge)
    BENCH_DATABASE=mine make bench       # another database (it is dropped and made again)
    BENCH_ONLY=organisation make bench   # just the pages whose name has that word; no floor
"""

import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ADMIN_URL = os.environ.get(
    "BENCH_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
DATABASE = os.environ.get("BENCH_DATABASE", "bru_bench")
PORT = int(os.environ.get("BENCH_PORT", "8765"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CEILING_SECONDS = max(2, SECONDS // 3)
CONCURRENCY = [1, 8, 32]
SCALES = os.environ.get("BENCH_SCALES", "large,huge").split(",")
#: Side by side, the sizes are compared at this many clients (the targets' concurrency).
COMPARED_AT = 8
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
BASE = f"http://127.0.0.1:{PORT}"
POST = {"Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true"}


def database_url() -> str:
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + DATABASE


def prepare_database(env, scale: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{DATABASE}"'))
        # As docs/deploy.md recommends for a database on SSD or in memory.
        connection.execute(text(f'ALTER DATABASE "{DATABASE}" SET random_page_cost = 1.1'))
    admin.dispose()
    flask = [str(BIN / "flask")]
    subprocess.run([*flask, "db", "upgrade"], env=env, check=True, cwd=ROOT, capture_output=True)
    made = subprocess.run(
        [*flask, "demo", "--scale", scale],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    print(made.stdout.splitlines()[0])


class Session:
    """A signed-in browser, as far as cookies and the CSRF token go."""

    def __init__(self, email: str):
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        page = self.get("/sign-in")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {"csrf_token": token, "email": email, "password": "demo-password"}
        ).encode()
        self.opener.open(BASE + "/sign-in", data=data).read()
        self.csrf = re.search(r'"X-CSRFToken": "([^"]+)"', self.get("/dashboard")).group(1)

    def get(self, path: str) -> str:
        return self.opener.open(BASE + path).read().decode()

    @property
    def cookie(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def module_step_paths(course_slug: str, module_slug: str) -> list[str]:
    """Every step of a module: the step benchmark reads through it, as a participant does."""
    module = _catalog().module(course_slug, module_slug)
    return [f"/courses/{course_slug}/{module_slug}/{step_id}" for step_id in module.step_ids]


def _catalog():
    sys.path.insert(0, str(ROOT))
    from app import create_app
    from app.content import catalog

    with create_app("test").app_context():
        return catalog()


def single_choice_answer_path() -> str:
    """The answer URL of the first single-choice exercise (retries allowed) in the courses."""
    for course in _catalog().courses:
        for module in course.modules:
            for step in module.source.steps:
                if step.exercise and step.exercise.kind == "single_choice":
                    return f"/courses/{course.slug}/{module.slug}/{step.id}/answer"
    raise LookupError("no single-choice exercise")


def worker_pids(master_pid: int) -> list[str]:
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True)
    return children.stdout.split()


def worker_memory_mb(master_pid: int) -> float:
    sizes = []
    for pid in worker_pids(master_pid):
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return max(sizes) if sizes else 0.0


def workers_cpu_seconds(master_pid: int) -> float:
    """User + system CPU time of all workers so far (fields 14 and 15 of /proc/<pid>/stat)."""
    total = 0
    for pid in worker_pids(master_pid):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def statements_per_request(env, cases) -> dict[str, int]:
    """The SQL statements each page runs, counted in-process on the same database and as the
    same signed-in person (the session cookies are valid here: the same SECRET_KEY)."""
    from sqlalchemy import event

    sys.path.insert(0, str(ROOT))
    from app import create_app
    from app.extensions import db

    # The settings were read when app.config was first imported: pass the server's own.
    app = create_app(
        "production",
        SECRET_KEY=env["SECRET_KEY"],
        SQLALCHEMY_DATABASE_URI=env["DATABASE_URL"],
        SESSION_COOKIE_SECURE=False,
        RATELIMIT_ENABLED=False,
    )
    statements = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(1))
    counts = {}
    client = app.test_client()
    for name, path, headers, method, body in cases:
        path = path if isinstance(path, str) else path[0]
        statements.clear()
        response = client.open(
            path, method=method, headers=headers, data=body, base_url="http://127.0.0.1"
        )
        assert response.status_code < 400, (name, response.status_code)
        counts[name] = len(statements)
    with app.app_context():
        db.engine.dispose()
    return counts


def run_wrk(path, connections, headers, method="GET", body=None, seconds=None) -> dict:
    """`path` is one path, or a list that each connection requests in turn."""
    paths = [path] if isinstance(path, str) else path
    env = dict(
        os.environ,
        BENCH_PATHS="\n".join(paths),
        BENCH_METHOD=method,
        BENCH_BODY=body or "",
        BENCH_HEADERS="\n".join(f"{k}: {v}" for k, v in headers.items()),
    )
    if body is None:
        env.pop("BENCH_BODY")
    threads = min(connections, 2)
    result = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds or SECONDS}s",
            "--timeout",
            "5s",
            "-s",
            str(ROOT / "bench" / "wrk_report.lua"),
            BASE + paths[0],
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("BENCH "))
    figures = json.loads(line[6:])
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


def main() -> None:
    env = dict(
        os.environ,
        DATABASE_URL=database_url(),
        FLASK_APP="app",
        BRU_CONFIG="production",
        # Production refuses a weak key; a fresh one per run (both servers get this env).
        SECRET_KEY=secrets.token_hex(32),
        RATELIMIT_SIGN_IN="100000 per minute",
        RATELIMIT_SIGN_IN_ACCOUNT="100000 per minute",
        BRU_BIND=f"127.0.0.1:{PORT}",
        BRU_ACCESS_LOG="/dev/null",
    )
    measured = {}
    for scale in SCALES:
        print(f"Preparing {DATABASE} with the {scale} demo data …")
        prepare_database(env, scale)
        with serve(env, "app:create_app()") as server:
            results = measure_pages(server, env, scale)
        floor = []
        if not os.environ.get("BENCH_ONLY"):
            # The same app plus two bare routes: what a signed-in request costs before page
            # logic.
            with serve(env, "bench.floor_app:create()") as server:
                floor = measure_floor(server, env)
        measured[scale] = (results, floor)
    write_report(measured)


@contextmanager
def serve(env, app_spec: str):
    """Gunicorn with gunicorn.conf.py, as in production, until the block ends."""
    # Production settings mark cookies Secure; wrk and this script speak plain HTTP on loopback.
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", app_spec],
        env=dict(env, SESSION_COOKIE_SECURE="0"),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        # A loaded machine can take a while to load the app (courses, catalogs) in the master.
        deadline = time.monotonic() + 300
        while True:
            if server.poll() is not None:
                raise RuntimeError(server.stderr.read().decode()[-2000:])
            try:
                urllib.request.urlopen(BASE + "/ping", timeout=1).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield server
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def run_cases(server, cases, statements) -> list[dict]:
    """Each page at each concurrency, right after a shorter run of the trivial endpoint at the
    same concurrency: the machine's speed drifts (a shared virtual machine's more so), and the
    share of the ceiling is only fair against a ceiling measured under the same conditions."""
    results = []
    for name, path, headers, method, body in cases:
        for connections in CONCURRENCY:
            trivial = name.startswith("Trivial")
            if not trivial:
                ceiling = run_wrk("/ping", connections, {}, seconds=CEILING_SECONDS)["rps"]
            cpu_before = workers_cpu_seconds(server.pid)
            figures = run_wrk(path, connections, headers, method, body)
            cpu = workers_cpu_seconds(server.pid) - cpu_before
            rps = figures["rps"]
            figures.update(
                name=name,
                method=method,
                connections=connections,
                rss=worker_memory_mb(server.pid),
                ceiling=rps if trivial else ceiling,
                cpu_ms=1000 * cpu / max(figures["requests"], 1),
                statements=statements.get(name, 0),
            )
            results.append(figures)
            print(
                f"{name:<42} c={connections:<3} {rps:7.1f} req/s "
                f"({100 * rps / figures['ceiling']:3.0f} % of {figures['ceiling']:.0f})  "
                f"p50 {figures['p50']:6.1f} ms  p95 {figures['p95']:6.1f} ms  "
                f"p99 {figures['p99']:6.1f} ms  errors {figures['errors']}  "
                f"rss {figures['rss']:.0f} MB  cpu {figures['cpu_ms']:.2f} ms/req  "
                f"{figures['statements']} statements"
            )
    return results


def measure_floor(server, env) -> list[dict]:
    participant = Session("participant@example.org")
    cases = [
        ("Trivial endpoint (/ping)", "/ping", {}, "GET", None),
        (
            "Signed in, user loaded, nothing else",
            "/bench/floor/read",
            {"Cookie": participant.cookie},
            "GET",
            None,
        ),
        (
            "Signed in, one row written and committed",
            "/bench/floor/write",
            {"Cookie": participant.cookie, **POST, "X-CSRFToken": participant.csrf},
            "POST",
            "resume=1",
        ),
    ]
    return run_cases(server, cases, statements_per_request(env, cases[1:]))


def cohort_case_name(session, what: str, cohort_id: str) -> str:
    """e.g. "Cohort overview (32 participants)": as many as the cohort's page says it shows."""
    page = session.get(f"/cohorts/{cohort_id}")
    shown = re.search(r"(\d+) participants? shown", page).group(1)
    return f"{what} ({shown} participants)"


def measure_pages(server, env, scale: str) -> list[dict]:
    participant = Session("participant@example.org")
    facilitator = Session("facilitator@example.org")
    partner = Session("partner@example.org")
    cohorts = facilitator.get("/cohorts")
    # The facilitator's newest cohort, of about 30 at every size; at huge also a cohort of 500.
    cohort_id = re.search(r'href="/cohorts/(\d+)"', cohorts).group(1)
    big_cohort = re.search(r'href="/cohorts/(\d+)">Cohort 002<', cohorts)
    step = "/courses/preparatory/being-a-participant"

    def as_(session, extra=None):
        return {"Cookie": session.cookie, **(extra or {})}

    cases = [
        ("Trivial endpoint (/ping)", "/ping", {}, "GET", None),
        ("Participant dashboard", "/dashboard", as_(participant), "GET", None),
        (
            "Module step (reading on through a module)",
            module_step_paths("preparatory", "being-a-participant"),
            as_(participant),
            "GET",
            None,
        ),
        (
            "Exercise answer (POST)",
            single_choice_answer_path(),
            as_(participant, {**POST, "X-CSRFToken": participant.csrf}),
            "POST",
            "choice=1",
        ),
        (
            "Journal autosave (POST)",
            "/journal/drafts",
            as_(participant, {**POST, "X-CSRFToken": participant.csrf}),
            "POST",
            "draft_key=bench0000000000000000&title=Bench&body=" + "Typing+a+reflection+" * 20,
        ),
        (
            cohort_case_name(facilitator, "Cohort overview", cohort_id),
            f"/cohorts/{cohort_id}",
            as_(facilitator),
            "GET",
            None,
        ),
        ("Partner organisation page", "/organisation", as_(partner), "GET", None),
        (
            "Per-organisation view",
            f"/cohorts/{cohort_id}/organisations",
            as_(facilitator),
            "GET",
            None,
        ),
    ]
    if scale == "huge":
        from app.demo.large import BIG_PARTNER_EMAIL

        big_partner = Session(BIG_PARTNER_EMAIL)
        big = big_cohort.group(1)
        cases += [
            (
                cohort_case_name(facilitator, "Cohort overview", big),
                f"/cohorts/{big}",
                as_(facilitator),
                "GET",
                None,
            ),
            (
                "Per-organisation view (cohort of 500)",
                f"/cohorts/{big}/organisations",
                as_(facilitator),
                "GET",
                None,
            ),
            ("Partner page (1,000 participants)", "/organisation", as_(big_partner), "GET", None),
        ]
    # Every page must really be the page (not a redirect to sign in) before it is timed.
    for name, path, session in [
        ("dashboard", "/dashboard", participant),
        ("step", f"{step}/reciprocity", participant),
        ("cohort", f"/cohorts/{cohort_id}", facilitator),
        ("partner", "/organisation", partner),
        ("organisations", f"/cohorts/{cohort_id}/organisations", facilitator),
    ]:
        response = session.opener.open(BASE + path)
        assert response.status == 200 and response.url == BASE + path, (name, response.url)
    for path in module_step_paths("preparatory", "being-a-participant"):
        assert participant.opener.open(BASE + path).status == 200, path
    only = os.environ.get("BENCH_ONLY")  # e.g. BENCH_ONLY=Partner: just those pages
    if only:
        cases = [c for c in cases if c[0].startswith("Trivial") or only.lower() in c[0].lower()]
    return run_cases(server, cases, statements_per_request(env, cases[1:]))


def table(results) -> str:
    lines = [
        "| page | clients | req/s | trivial req/s just before | % of trivial | p50 ms | p95 ms "
        "| p99 ms | errors | worker RSS MB | worker CPU ms/request | SQL statements |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        share = 100 * r["rps"] / r["ceiling"]
        lines.append(
            f"| {r['name']} | {r['connections']} | {r['rps']:.0f} | {r['ceiling']:.0f} "
            f"| {share:.0f} % | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {r['errors']} "
            f"| {r['rss']:.0f} | {r['cpu_ms']:.2f} | {r['statements']} |"
        )
    return "\n".join(lines)


def floor_rps(floor: list[dict], method: str) -> float | None:
    """The floor a page stands on at COMPARED_AT clients: reads on the read floor, writes on
    the write floor."""
    name = "Signed in, one row written" if method == "POST" else "Signed in, user loaded"
    for r in floor:
        if r["connections"] == COMPARED_AT and r["name"].startswith(name):
            return r["rps"]
    return None


def side_by_side(measured: dict) -> str:
    """Each page at COMPARED_AT clients, one column group per data size."""
    scales = list(measured)
    head = " | ".join(
        f"{s} req/s | {s} % of floor | {s} p95 ms | {s} CPU ms/req | {s} statements" for s in scales
    )
    lines = [f"| page | {head} |", "|---|" + "---:|" * (5 * len(scales))]
    names = []
    for results, _floor in measured.values():
        names += [r["name"] for r in results if r["name"] not in names]
    for name in names:
        cells = []
        for results, floor in measured.values():
            r = next(
                (x for x in results if x["name"] == name and x["connections"] == COMPARED_AT),
                None,
            )
            if r is None:
                cells.append(" | ".join(["n/a"] * 5))
                continue
            base = floor_rps(floor, r["method"])
            share = f"{100 * r['rps'] / base:.0f} %" if base and r["statements"] else "n/a"
            cells.append(
                f"{r['rps']:.0f} | {share} | {r['p95']:.1f} | {r['cpu_ms']:.2f} | {r['statements']}"
            )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_report(measured: dict) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text()
    stamp = time.strftime("%Y-%m-%d")
    load = os.getloadavg()[0]

    def setup(data: str) -> str:
        return (
            f"({SECONDS} s per run, wrk, gunicorn with {os.cpu_count() * 2} sync workers, "
            f"PostgreSQL, {data} demo data; load average {load:.1f} when it ended)"
        )

    blocks = []
    for scale, (results, floor) in measured.items():
        suffix = "" if scale == "large" else f"-{scale}"
        blocks += [
            (f"results{suffix}", table(results) if results else "", "Measured", setup(scale)),
            (f"floor{suffix}", table(floor) if floor else "", "Floor measured", setup(scale)),
        ]
    if len(measured) > 1:
        sizes = " and ".join(measured)
        blocks.append(("scales", side_by_side(measured), f"At {COMPARED_AT} clients", setup(sizes)))
    for marker, body, what, how in blocks:
        if not body:
            continue
        block = (
            f"<!-- {marker} -->\n{what} {stamp} with `make bench` {how}.\n\n"
            f"{body}\n<!-- /{marker} -->"
        )
        if f"<!-- {marker} -->" not in text:
            text += f"\n{block}\n"
        text = re.sub(rf"<!-- {marker} -->.*<!-- /{marker} -->", block, text, flags=re.S)
    path.write_text(text)
    print(f"Results written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
