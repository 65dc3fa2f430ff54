"""Two gunicorn nodes on one PostgreSQL and Redis: a node dies mid-run, nothing acknowledged
is lost, the other keeps serving, and the sign-in limit is shared between them."""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
import redis
from sqlalchemy import select

from app.exercises.models import ExerciseAnswer
from app.extensions import db
from app.journal.models import JournalDraft
from tests.conftest import PASSWORD
from tests.exercises.helpers import find

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
DATABASE_URL = os.environ.get("DATABASE_URL", "")
#: Both nodes sign sessions with the same key, as in production.
SHARED_KEY = secrets.token_hex(32)


def redis_up() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith("postgresql") or not redis_up(),
    reason="needs PostgreSQL (DATABASE_URL) and Redis: runs in the PostgreSQL pass of make test",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Node:
    def __init__(self):
        self.port = free_port()
        env = dict(
            os.environ,
            BRU_CONFIG="production",
            DATABASE_URL=DATABASE_URL,
            REDIS_URL=REDIS_URL,
            RATELIMIT_STORAGE_URI=REDIS_URL,
            SECRET_KEY=SHARED_KEY,
            SESSION_COOKIE_SECURE="0",
            RATELIMIT_SIGN_IN="5 per minute",
            BRU_BIND=f"127.0.0.1:{self.port}",
            BRU_WORKERS="2",
            BRU_ACCESS_LOG="/dev/null",
            PASSWORD_HASH_METHOD="scrypt:1024:8:1",
        )
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "-c",
                "gunicorn.conf.py",
                "app:create_app()",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        # A minute: on a busy machine gunicorn's preloading app takes a while to listen.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/ping", timeout=1).read()
                return
            except OSError:
                if self.process.poll() is not None:
                    break  # it has exited: waiting longer will not help
                time.sleep(0.1)
        raise RuntimeError("node did not start")

    def stop(self, sig):
        self.process.send_signal(sig)
        self.process.wait(timeout=30)


class Browser:
    """Cookies and the CSRF token, shared by requests to either node (same SECRET_KEY)."""

    def __init__(self):
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.csrf = ""

    def request(self, base, path, data=None, headers=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(base + path, data=body, headers=headers or {})
        try:
            with self.opener.open(request, timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except OSError:
            return None, ""

    def sign_in(self, base, email):
        _status, page = self.request(base, "/sign-in")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        self.request(base, "/sign-in", {"csrf_token": token, "email": email, "password": PASSWORD})
        _status, page = self.request(base, "/dashboard")
        self.csrf = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGKILL])
def test_a_node_stops_mid_run_and_nothing_acknowledged_is_lost(
    app, catalog, create_participant, cohort, stop_signal
):
    redis.Redis.from_url(REDIS_URL).flushdb()
    participant = create_participant(cohort, phase="post")
    course, module, step, _reflection = find(catalog, "reflection")
    answer_path = f"/courses/{course.slug}/{module.slug}/{step.id}/answer"
    node_a, node_b = Node(), Node()
    try:
        browser = Browser()
        browser.sign_in(node_a.base, participant.email)  # attempt 1 of the 5 a minute
        headers = {"X-CSRFToken": browser.csrf, "HX-Request": "true"}

        # The sign-in limit is counted across both nodes: attempts 2-5 alternate, 6 is refused.
        statuses = []
        for attempt in range(5):
            base = (node_a, node_b)[attempt % 2].base
            stranger = Browser()  # the same browser fetches the form and sends it
            _status, page = stranger.request(base, "/sign-in")
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
            form = {
                "csrf_token": token,
                "email": "nobody@example.org",
                "password": "wrong password",
            }
            statuses.append(stranger.request(base, "/sign-in", form)[0])
        assert statuses == [400, 400, 400, 400, 429], statuses

        def write(n):
            base = node_a.base if n % 2 == 0 else node_b.base
            if n % 4 < 2:
                status, _ = browser.request(base, answer_path, {"text": f"answer-{n}"}, headers)
                return ("answer", n, base, status)
            status, _ = browser.request(
                base,
                "/journal/drafts",
                {"draft_key": f"twonodes{n:012d}", "title": "", "body": f"draft-{n}"},
                headers,
            )
            return ("draft", n, base, status)

        with ThreadPoolExecutor(max_workers=4) as pool:
            first = list(pool.map(write, range(40)))
            node_a.process.send_signal(stop_signal)  # mid-run, with requests in flight
            second = list(pool.map(write, range(40, 120)))
        results = first + second
        acknowledged = [(kind, n) for kind, n, _base, status in results if status == 200]
        on_b = [status for _kind, _n, base, status in results if base == node_b.base]
        assert all(status == 200 for status in on_b), "node B stopped serving"
        assert len(acknowledged) >= 60

        with app.app_context():
            answers = {
                a["text"]
                for a in db.session.scalars(
                    select(ExerciseAnswer.answer).where(ExerciseAnswer.user_id == participant.id)
                )
            }
            drafts = set(
                db.session.scalars(
                    select(JournalDraft.body).where(JournalDraft.author_id == participant.id)
                )
            )
        for kind, n in acknowledged:
            stored = answers if kind == "answer" else drafts
            assert f"{kind}-{n}" in stored, f"acknowledged {kind} {n} is missing"

    finally:
        for node in (node_a, node_b):
            if node.process.poll() is None:
                node.stop(signal.SIGTERM)
