"""CSRF, cookies, headers, request size and sign-in throttling, on the real app settings."""

import os
import re

import pytest
import redis

from app import create_app
from app.accounts.models import Role
from tests.conftest import PASSWORD, sign_in_as

#: What an operator would make with `python3 -c "import secrets; print(secrets.token_hex(32))"`.
STRONG_KEY = "3f9c1e0b7a2d48c6915e7f03b2a4d6c8e1f0a9b7c5d3e2f1a0b9c8d7e6f5a4b3"


@pytest.fixture
def strict_app(app):
    """The session's app with CSRF and rate limits on, as in production."""
    app.config.update(WTF_CSRF_ENABLED=True)
    yield app
    app.config.update(WTF_CSRF_ENABLED=False)


def csrf_token(page_text: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page_text).group(1)


def test_a_form_post_without_the_csrf_token_is_refused(strict_app, create_user):
    client = strict_app.test_client()
    user = create_user(Role.PARTICIPANT)
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "The form had expired" in response.text


def test_htmx_sends_the_token_in_a_header_set_once_in_the_page(
    strict_app, create_user, create_participant, cohort
):
    client = strict_app.test_client()
    participant = create_participant(cohort, phase="post")
    page = client.get("/sign-in").text
    token = csrf_token(page)
    assert (
        client.post(
            "/sign-in", data={"email": participant.email, "password": PASSWORD, "csrf_token": token}
        ).status_code
        == 302
    )
    step = client.get("/courses/preparatory/being-a-participant/welcome").text
    header_token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', step).group(1)
    without = client.post(
        "/courses/preparatory/being-a-participant/welcome/done", headers={"HX-Request": "true"}
    )
    assert without.status_code == 400
    with_header = client.post(
        "/courses/preparatory/being-a-participant/welcome/done",
        headers={"HX-Request": "true", "X-CSRFToken": header_token},
    )
    assert with_header.status_code == 204 and with_header.headers["HX-Redirect"]


def test_security_headers_are_on_every_page(client):
    response = client.get("/sign-in")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers  # only in production


def test_production_cookies_are_secure_and_hsts_is_sent():
    app = create_app("production", SQLALCHEMY_DATABASE_URI="sqlite://", SECRET_KEY=STRONG_KEY)
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    response = app.test_client().get("/sign-in")
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_no_inline_script_in_pages(client, participant):
    sign_in_as(client, participant)
    for url in ("/sign-in", "/dashboard", "/courses/preparatory/being-a-participant/welcome"):
        page = client.get(url).text
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == [], url
        assert not re.search(r"\son[a-z]+=", page), url
        assert ' style="' not in page, url


def test_sign_out_ends_every_copy_of_the_session_cookie(app, client, create_user):
    user = create_user(Role.PARTICIPANT)
    client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    stolen = client.get_cookie("session").value
    client.post("/sign-out")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/dashboard").status_code == 302


def test_requests_over_the_size_limit_get_413(app, client, create_user):
    sign_in_as(client, create_user(Role.PARTICIPANT))
    too_big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/profile", data={"name": too_big, "locale": "en", "timezone": "UTC"})
    assert response.status_code == 413
    assert "too large" in response.text


def test_passwords_are_hashed_with_scrypt_at_owasp_cost():
    from app.config import Config

    assert Config.PASSWORD_HASH_METHOD == "scrypt:131072:8:1"


def sign_in_attempts(client, n, email="someone@example.org", password="wrong password!", **kw):
    return [
        client.post("/sign-in", data={"email": email, "password": password}, **kw).status_code
        for _ in range(n)
    ]


def limited_app(tmp_path, **settings):
    app = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'x.db'}",
        RATELIMIT_ENABLED=True,
        **settings,
    )
    with app.app_context():
        from app.extensions import db

        db.create_all()
    return app


def from_address(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def forwarded_for(address: str) -> dict:
    return {"headers": {"X-Forwarded-For": address}, "environ_base": {"REMOTE_ADDR": "10.0.0.2"}}


def test_behind_a_trusted_proxy_the_limit_is_per_client_address(tmp_path):
    app = limited_app(tmp_path, RATELIMIT_SIGN_IN="3 per minute", TRUSTED_PROXIES=1)
    client = app.test_client()
    # Every request comes from the proxy (10.0.0.2); the client is in X-Forwarded-For.
    assert sign_in_attempts(client, 4, "a@example.org", **forwarded_for("203.0.113.1")) == [
        400,
        400,
        400,
        429,
    ]
    assert sign_in_attempts(client, 1, "b@example.org", **forwarded_for("203.0.113.2")) == [400]


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(tmp_path):
    app = limited_app(tmp_path, RATELIMIT_SIGN_IN="3 per minute")
    assert app.config["TRUSTED_PROXIES"] == 0
    client = app.test_client()
    statuses = [
        sign_in_attempts(client, 1, f"{n}@example.org", **forwarded_for(f"203.0.113.{n}"))[0]
        for n in range(4)
    ]
    assert statuses == [400, 400, 400, 429]


def test_sign_in_is_also_throttled_per_account(tmp_path):
    app = limited_app(
        tmp_path, RATELIMIT_SIGN_IN="100 per minute", RATELIMIT_SIGN_IN_ACCOUNT="3 per minute"
    )
    with app.app_context():
        from app.accounts.services import user_create
        from app.extensions import db

        for email in ("alice@example.org", "bob@example.org"):
            user_create(email=email, name=email, role=Role.PARTICIPANT, password=PASSWORD)
        db.session.commit()
    client = app.test_client()
    # Three wrong passwords for one account, each from another address (a botnet)…
    for n in range(3):
        assert sign_in_attempts(
            app.test_client(), 1, "alice@example.org", **from_address(f"198.51.100.{n}")
        ) == [400]
    # … hold that account back, whatever the address and however the email is written;
    assert sign_in_attempts(client, 1, " Alice@Example.org", **from_address("198.51.100.9")) == [
        429
    ]
    # other accounts are not held back, and right passwords do not count.
    assert sign_in_attempts(client, 1, "bob@example.org", PASSWORD) == [302]
    for _ in range(4):
        assert sign_in_attempts(app.test_client(), 1, "bob@example.org", PASSWORD) == [302]


def test_password_reset_requests_are_throttled_per_account(tmp_path):
    app = limited_app(
        tmp_path, RATELIMIT_SIGN_IN="100 per minute", RATELIMIT_SIGN_IN_ACCOUNT="2 per minute"
    )
    statuses = [
        app.test_client()
        .post(
            "/reset-password", data={"email": "carol@example.org"}, **from_address(f"192.0.2.{n}")
        )
        .status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]


def test_sign_in_is_throttled_per_address(tmp_path):
    app = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'x.db'}",
        RATELIMIT_ENABLED=True,
        RATELIMIT_SIGN_IN="3 per minute",
    )
    with app.app_context():
        from app.extensions import db

        db.create_all()
    statuses = sign_in_attempts(app.test_client(), 4)
    assert statuses == [400, 400, 400, 429]


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_available() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.mark.skipif(not redis_available(), reason="no Redis at TEST_REDIS_URL")
def test_with_redis_the_sign_in_limit_holds_across_app_processes(tmp_path):
    redis.Redis.from_url(REDIS_URL).flushdb()
    settings = dict(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'x.db'}",
        RATELIMIT_ENABLED=True,
        RATELIMIT_SIGN_IN="3 per minute",
        RATELIMIT_STORAGE_URI=REDIS_URL,
    )
    node_a, node_b = create_app("test", **settings), create_app("test", **settings)
    with node_a.app_context():
        from app.extensions import db

        db.create_all()
    assert sign_in_attempts(node_a.test_client(), 2) == [400, 400]
    assert sign_in_attempts(node_b.test_client(), 2) == [400, 429]


@pytest.mark.skipif(not redis_available(), reason="no Redis at TEST_REDIS_URL")
def test_with_redis_the_per_account_limit_holds_across_app_processes(tmp_path):
    settings = dict(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'x.db'}",
        RATELIMIT_ENABLED=True,
        # Counters of its own: other runs of the suite may share this Redis database.
        RATELIMIT_KEY_PREFIX=f"test-{tmp_path.name}-{os.getpid()}",
        RATELIMIT_SIGN_IN="100 per minute",
        RATELIMIT_SIGN_IN_ACCOUNT="3 per minute",
        RATELIMIT_STORAGE_URI=REDIS_URL,
    )
    node_a, node_b = create_app("test", **settings), create_app("test", **settings)
    with node_a.app_context():
        from app.extensions import db

        db.create_all()
    assert sign_in_attempts(node_a.test_client(), 2, **from_address("198.51.100.1")) == [400, 400]
    assert sign_in_attempts(node_b.test_client(), 2, **from_address("198.51.100.2")) == [400, 429]


@pytest.mark.parametrize(
    "key",
    [None, "", "dev-only-change-me", "test-secret", "too-short-a-key", "x" * 64],
    ids=["unset", "empty", "development default", "test key", "short", "one character"],
)
def test_production_refuses_to_start_without_a_strong_secret_key(key):
    with pytest.raises(RuntimeError) as refused:
        create_app("production", SQLALCHEMY_DATABASE_URI="sqlite://", SECRET_KEY=key)
    message = str(refused.value)
    assert "SECRET_KEY" in message and "secrets.token_hex" in message


def test_production_starts_with_a_random_secret_key():
    import secrets

    app = create_app(
        "production", SQLALCHEMY_DATABASE_URI="sqlite://", SECRET_KEY=secrets.token_hex(32)
    )
    assert app.test_client().get("/sign-in").status_code == 200
