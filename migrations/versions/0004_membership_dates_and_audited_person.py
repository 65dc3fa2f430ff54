"""cohort membership dates; the person an audited action is about

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 17:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    # Nullable: memberships made before are left without a date (no notice about them).
    with op.batch_alter_table("cohort_members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("created_at", sa.DateTime(), nullable=True))

    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_audit_events_person_id"), ["person_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_audit_events_person_id_users"),
            "users",
            ["person_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_audit_events_person_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_audit_events_person_id"))
        batch_op.drop_column("person_id")

    with op.batch_alter_table("cohort_members", schema=None) as batch_op:
        batch_op.drop_column("created_at")
