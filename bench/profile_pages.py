"""Where a page's time goes, in-process against the benchmark's database (stdlib cProfile).

    DATABASE_URL=postgresql+psycopg://…/bru_bench python bench/profile_pages.py [ROUNDS] [SORT]

Each list page is requested ROUNDS times (default 50) as the demo person who sees it; it
prints the CPU time per request and the functions that took most of it (SORT: tottime or
cumulative), and the number of SQL statements per request.
"""

import cProfile
import os
import pstats
import re
import sys
import time
from pathlib import Path

from sqlalchemy import event, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app
from app.accounts.models import User
from app.extensions import db


def signed_in(app, email):
    client = app.test_client()
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        user_id = user.get_id()
    with client.session_transaction() as session:
        session["_user_id"] = user_id
        session["_fresh"] = True
    return client


def pages(app):
    facilitator = signed_in(app, "facilitator@example.org")
    partner = signed_in(app, "partner@example.org")
    cohort = re.search(r'href="/cohorts/(\d+)"', facilitator.get("/cohorts").text).group(1)
    return {
        "cohort overview": (facilitator, f"/cohorts/{cohort}"),
        "partner page": (partner, "/organisation"),
        "per-organisation view": (facilitator, f"/cohorts/{cohort}/organisations"),
    }


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    sort = sys.argv[2] if len(sys.argv) > 2 else "tottime"
    app = create_app("test", SQLALCHEMY_DATABASE_URI=os.environ["DATABASE_URL"])
    statements = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(1))
    only = os.environ.get("PROFILE_ONLY", "")
    for name, (client, path) in pages(app).items():
        if only not in name:
            continue
        assert client.get(path).status_code == 200
        statements.clear()
        client.get(path)
        count = len(statements)
        started = time.process_time()
        for _ in range(rounds):
            client.get(path)
        cpu = (time.process_time() - started) / rounds * 1000
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(rounds):
            client.get(path)
        profile.disable()
        print(f"\n== {name} ({path}): {cpu:.1f} ms CPU, {count} statements per request")
        stats = pstats.Stats(profile).strip_dirs().sort_stats(sort)
        stats.print_stats(25)


if __name__ == "__main__":
    main()
