"""The personal data the organisations feature holds: exchanges and cohort memberships."""

from sqlalchemy import select
from sqlalchemy.orm import aliased

from app.accounts.models import User
from app.extensions import db
from app.organisations.models import Cohort, CohortMember, Exchange, Organisation
from app.privacy.providers import PrivacyProvider, export_time


class OrganisationsProvider(PrivacyProvider):
    """Exchanges (home and host organisation, dates) and cohort memberships.

    Erase: kept, attached to the anonymised account, so organisation and cohort figures do
    not change; without a name or an address they no longer identify the person.
    """

    name = "organisations"
    models = (Exchange, CohortMember)

    def export(self, user: User) -> dict:
        home, host = aliased(Organisation), aliased(Organisation)
        exchanges = db.session.execute(
            select(Exchange, home.name, host.name)
            .join(home, home.id == Exchange.home_organisation_id)
            .join(host, host.id == Exchange.host_organisation_id)
            .where(Exchange.participant_id == user.id)
            .order_by(Exchange.departs_on)
        ).all()
        memberships = db.session.execute(
            select(CohortMember.role, Cohort.name, Cohort.starts_on, Cohort.ends_on)
            .join(Cohort, Cohort.id == CohortMember.cohort_id)
            .where(CohortMember.user_id == user.id)
            .order_by(Cohort.starts_on, Cohort.id)
        ).all()
        return {
            "exchanges": [
                {
                    "home_organisation": home_name,
                    "host_organisation": host_name,
                    "departs_on": export_time(exchange.departs_on),
                    "returns_on": export_time(exchange.returns_on),
                }
                for exchange, home_name, host_name in exchanges
            ],
            "cohorts": [
                {
                    "cohort": name,
                    "role": role.value,
                    "starts_on": export_time(starts),
                    "ends_on": export_time(ends),
                }
                for role, name, starts, ends in memberships
            ],
        }

    def erase(self, user: User) -> None:
        """Nothing to remove: see the class docstring."""
