from app import create_app


def test_healthz_reports_a_reachable_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable():
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    app = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI="postgresql+psycopg://bru@127.0.0.1:9/bru?connect_timeout=2",
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"


def test_every_page_answers_503_in_the_users_language_when_the_database_is_down():
    app = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI="postgresql+psycopg://bru@127.0.0.1:9/bru?connect_timeout=2",
    )
    client = app.test_client()
    response = client.post(
        "/sign-in",
        data={"email": "a@example.org", "password": "whatever it is"},
        headers={"Accept-Language": "nn"},
    )
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert '<html lang="nn">' in response.text
