"""A throw-away app whose migrations show each kind of change the migration-safety check must
refuse (and a few it must accept). Installed only by tests/ops/test_migration_safety.py, for
the length of one test; it never reaches a database."""
