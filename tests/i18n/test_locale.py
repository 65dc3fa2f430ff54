"""Which language a page is in: saved preference, then session, then browser, then English."""

from datetime import date, datetime

from app.extensions import db
from tests.conftest import sign_in_as


def lang_of(response) -> str:
    return response.text.split('<html lang="', 1)[1].split('"', 1)[0]


def test_english_when_nothing_says_otherwise(client):
    assert lang_of(client.get("/sign-in")) == "en"


def test_the_browsers_language_is_used_when_supported(client):
    assert lang_of(client.get("/sign-in", headers={"Accept-Language": "fr-FR,fr;q=0.9"})) == "fr"
    assert lang_of(client.get("/sign-in", headers={"Accept-Language": "de, sw;q=0.5"})) == "sw"


def test_norwegian_browsers_get_bokmal_or_nynorsk_as_they_ask(client):
    assert lang_of(client.get("/sign-in", headers={"Accept-Language": "no"})) == "nb"
    assert lang_of(client.get("/sign-in", headers={"Accept-Language": "nb-NO,nb;q=0.9"})) == "nb"
    assert (
        lang_of(client.get("/sign-in", headers={"Accept-Language": "nn-NO,nn;q=0.9,no;q=0.8"}))
        == "nn"
    )


def test_the_session_choice_beats_the_browser_and_the_switcher_keeps_the_page(client):
    response = client.post("/language", data={"locale": "es", "next": "/reset-password"})
    assert response.headers["Location"] == "/reset-password"
    page = client.get("/reset-password", headers={"Accept-Language": "fr"})
    assert lang_of(page) == "es"


def test_the_switcher_refuses_unknown_languages_and_foreign_redirects(client):
    assert client.post("/language", data={"locale": "xx"}).status_code == 400
    response = client.post("/language", data={"locale": "nn", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/dashboard"


def test_a_signed_in_users_saved_preference_beats_the_session(app, client, create_user):
    from app.accounts.models import Role, User

    user = create_user(Role.PARTICIPANT, locale="nn")
    client.post("/language", data={"locale": "fr"})  # before signing in
    with app.app_context():
        db.session.get(User, user.id).locale = "nn"
        db.session.commit()
    sign_in_as(client, user)
    assert lang_of(client.get("/dashboard", headers={"Accept-Language": "es"})) == "nn"


def test_the_interface_is_translated_not_only_labelled(client):
    page = client.get("/sign-in", headers={"Accept-Language": "nn"}).text
    assert "Logg inn" in page and "Sign in" not in page


def test_a_module_missing_in_the_users_language_says_so(swahili_reader):
    page = swahili_reader.get("/courses/half-translated/settling/first-week").text
    assert '<html lang="sw">' in page  # the interface is Swahili
    assert '<article class="step" lang="en">' in page  # the content says it is English
    assert 'role="note"' in page
    translated = swahili_reader.get("/courses/half-translated/arrival/first-day").text
    assert "Nani anakupokea?" in translated and '<article class="step" lang=' not in translated


def test_form_validation_messages_come_in_every_language(client):
    # WTForms ships no Nynorsk or Swahili: Bru's own catalogs carry its messages.
    expected = {
        "nn": "Dette feltet må fyllast ut.",
        "sw": "Sehemu hii inahitajika.",
        "fr": "Ce champ est requis.",
        "en": "This field is required.",
    }
    for language, message in expected.items():
        page = client.post(
            "/reset-password", data={"email": ""}, headers={"Accept-Language": language}
        )
        assert page.status_code == 400
        assert message in page.text, language


def test_error_pages_are_in_the_users_language(client):
    page = client.get("/no-such-page", headers={"Accept-Language": "nn"})
    assert page.status_code == 404
    assert '<html lang="nn">' in page.text and "Page not found" not in page.text


def test_content_shown_in_another_language_than_the_page_carries_its_own_lang(swahili_reader):
    page = swahili_reader.get("/dashboard").text
    assert "Nusu imetafsiriwa" in page  # the course title exists in Swahili
    # The module to start has no Swahili text: its title is marked as English.
    assert '<span lang="en">Settling in</span>' in page


def test_an_email_queued_during_a_page_is_dated_in_the_recipients_language(app, create_user):
    """Templates look the language up once per render; an email rendered for a Nynorsk reader
    while an English page is being served still gets Nynorsk words and dates, and the page
    English ones."""
    from types import SimpleNamespace

    from flask import render_template_string
    from flask_babel import force_locale

    from app.accounts.models import Role, User
    from app.mail.services import email_queue

    reader = create_user(Role.PARTICIPANT, name="Kari Nordmann", locale="nn")
    entry = SimpleNamespace(created_at=datetime(2026, 3, 9, 12, 0))
    with app.test_request_context(headers={"Accept-Language": "en"}):
        email = email_queue(
            to=db.session.get(User, reader.id),
            template="journal_feedback",
            commenter=SimpleNamespace(name="Amina"),
            entry=entry,
            link="https://bru.example/journal/1",
        )
        template = "{{ day|dateformat }} {{ _('Journal') }}"
        page = render_template_string(template, day=date(2026, 3, 9))
        with force_locale("nn"):
            forced = render_template_string(template, day=date(2026, 3, 9))
        db.session.rollback()
    assert email.subject == "Ny tilbakemelding på innlegget ditt i refleksjonsloggen"
    assert "mars" in email.body and "Mar" not in email.body
    assert page == "Mar 9, 2026 Journal"
    assert forced == "9. mars 2026 Refleksjonslogg"
