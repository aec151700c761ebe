"""shopscribe: catalog in, checked marketing copy out."""

__version__ = "0.1.0"
