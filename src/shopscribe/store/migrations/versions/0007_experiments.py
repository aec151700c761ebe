"""experiments, assignments, and events.draft_id (an event's variant as a real link to a draft)

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'experiments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('product_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('goal', sa.String(length=16), nullable=False),
        sa.Column('policy', sa.String(length=16), nullable=False),
        sa.Column('drafts', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(['product_id'], ['products.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'assignments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('experiment_id', sa.Integer(), nullable=False),
        sa.Column('user', sa.String(length=64), nullable=False),
        sa.Column('draft_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(['experiment_id'], ['experiments.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('experiment_id', 'user', name='uq_assignments_experiment_user'),
    )
    with op.batch_alter_table('events') as batch:
        batch.add_column(sa.Column('draft_id', sa.Integer(), nullable=True))
        batch.create_foreign_key('fk_events_draft_id', 'drafts', ['draft_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('events') as batch:
        batch.drop_constraint('fk_events_draft_id', type_='foreignkey')
        batch.drop_column('draft_id')
    op.drop_table('assignments')
    op.drop_table('experiments')
