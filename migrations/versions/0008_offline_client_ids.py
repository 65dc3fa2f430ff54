"""offline: client-made ids of queued writes

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 21:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('exercise_answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_id', sa.String(length=40), nullable=True))
        batch_op.create_unique_constraint(
            'uq_exercise_answers_user_client', ['user_id', 'client_id']
        )
    with op.batch_alter_table('journal_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_id', sa.String(length=40), nullable=True))
        batch_op.create_unique_constraint(
            'uq_journal_entries_author_client', ['author_id', 'client_id']
        )


def downgrade():
    with op.batch_alter_table('journal_entries', schema=None) as batch_op:
        batch_op.drop_constraint('uq_journal_entries_author_client', type_='unique')
        batch_op.drop_column('client_id')
    with op.batch_alter_table('exercise_answers', schema=None) as batch_op:
        batch_op.drop_constraint('uq_exercise_answers_user_client', type_='unique')
        batch_op.drop_column('client_id')
