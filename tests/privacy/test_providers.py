"""Every table that refers to a person is claimed by a privacy provider."""

import json

from app.extensions import db
from app.privacy.providers import PRIVACY_PROVIDERS, PrivacyProvider, claimed_tables


def tables_referring_to_users() -> set[str]:
    return {
        table.name
        for table in db.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == "users"
    } | {"users"}


def test_every_table_with_a_foreign_key_to_users_is_claimed_by_a_provider(app):
    unclaimed = tables_referring_to_users() - claimed_tables()
    assert unclaimed == set(), (
        f"add these tables to a provider in app/privacy/providers.py: {sorted(unclaimed)}"
    )


def test_each_provider_has_a_name_models_and_the_contract(app):
    for name, provider in PRIVACY_PROVIDERS.items():
        assert provider.name == name
        assert provider.models, name
        assert type(provider).export is not PrivacyProvider.export, name
        assert type(provider).erase is not PrivacyProvider.erase, name


def test_exports_are_json_and_hold_the_person_s_data(app, person):
    from app.accounts.models import User
    from app.privacy.export import personal_data

    with app.app_context():
        data = personal_data(db.session.get(User, person.user.id))
    text = json.dumps(data)
    assert set(PRIVACY_PROVIDERS) <= set(data)
    assert data["account"]["email"] == person.user.email
    for secret in ("Entry about the rainy season", "Feedback from Amina", "goal: learn Swahili"):
        assert secret in text
    # Another participant's entry is not theirs; only their own comment on it is.
    assert "Other's words" not in text
    assert "My comment on someone else" in text
    assert data["organisations"]["cohorts"][0]["cohort"] == person.cohort.name
    assert len(data["organisations"]["exchanges"]) == 1
    assert data["emails"]["emails"][0]["subject"] == "Your invitation to Bru"
    assert len(data["emails"]["emails"]) == 1
    assert data["safeguarding"]["your_reports"][0]["messages"][0]["by"] == "you"
