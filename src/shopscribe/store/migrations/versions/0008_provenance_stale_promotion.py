"""publications record what wrote the copy (template, model, adapter, experiment); drafts carry the facts that
went stale under them; experiments record their winner and who decided it

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('publications') as batch:
        batch.add_column(sa.Column('template', sa.String(length=200), nullable=True))
        batch.add_column(sa.Column('model', sa.String(length=200), nullable=True))
        batch.add_column(sa.Column('adapter', sa.String(length=200), nullable=True))
        batch.add_column(sa.Column('experiment_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('drafts') as batch:
        batch.add_column(sa.Column('stale', sa.JSON(), nullable=True))
    with op.batch_alter_table('experiments') as batch:
        batch.add_column(sa.Column('winner', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('decided_by', sa.String(length=128), nullable=True))
        batch.add_column(sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('experiments') as batch:
        batch.drop_column('ended_at')
        batch.drop_column('decided_by')
        batch.drop_column('winner')
    with op.batch_alter_table('drafts') as batch:
        batch.drop_column('stale')
    with op.batch_alter_table('publications') as batch:
        batch.drop_column('experiment_id')
        batch.drop_column('adapter')
        batch.drop_column('model')
        batch.drop_column('template')
