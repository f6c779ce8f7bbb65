"""Alembic migration scripts of the storage (run them with logic.storage.migrate or `python -m logic migrate`)."""
