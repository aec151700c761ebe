"""Shopify exports as products with variants: product_variants, the shop's own copy on products, and the shop's
file layout (shopify_files, shopify_rows) that the shopify-csv channel writes back

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('products') as batch:
        batch.add_column(sa.Column('shop_copy', sa.JSON(), nullable=True))
    op.create_table(
        'product_variants',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('product_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('sku', sa.String(length=128), nullable=True),
        sa.Column('options', sa.JSON(), nullable=False),
        sa.Column('price', sa.Numeric(14, 2), nullable=True),
        sa.Column('compare_at_price', sa.Numeric(14, 2), nullable=True),
        sa.Column('grams', sa.Integer(), nullable=True),
        sa.Column('barcode', sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(['product_id'], ['products.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('sku', name='uq_product_variants_sku'),
    )
    op.create_index('ix_product_variants_product_id', 'product_variants', ['product_id'])
    op.create_table(
        'shopify_files',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=500), nullable=False),
        sa.Column('headers', sa.JSON(), nullable=False),
        sa.Column('header_text', sa.Text(), nullable=False),
        sa.Column('delimiter', sa.String(length=1), nullable=False),
        sa.Column('bom', sa.Boolean(), nullable=False),
        sa.Column('complete', sa.Boolean(), nullable=False),
        sa.Column('imported_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'shopify_rows',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('file_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('handle', sa.String(length=128), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['file_id'], ['shopify_files.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('file_id', 'position', name='uq_shopify_rows_file_position'),
    )


def downgrade() -> None:
    op.drop_table('shopify_rows')
    op.drop_table('shopify_files')
    op.drop_index('ix_product_variants_product_id', table_name='product_variants')
    op.drop_table('product_variants')
    with op.batch_alter_table('products') as batch:
        batch.drop_column('shop_copy')
