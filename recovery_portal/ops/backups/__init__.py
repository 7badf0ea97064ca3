"""Encrypted backups of the database and the uploaded files, and restoring them.

``create.py`` writes a backup (``manage.py backup``), ``restore.py`` verifies and restores one
(``manage.py restore``); ``archive.py`` says what a backup file holds, ``crypto.py`` how it is
encrypted (the age format), ``database.py`` how each database engine is dumped and restored.
"""

from .create import BACKUP_NAME, backup_create, backup_filename, configured_identity, prune
from .crypto import BackupError, generate_key, identity_from_key
from .restore import RestoreReport, backup_check_target, backup_restore, backup_verify

__all__ = [
    "BACKUP_NAME",
    "BackupError",
    "RestoreReport",
    "backup_check_target",
    "backup_create",
    "backup_filename",
    "backup_restore",
    "backup_verify",
    "configured_identity",
    "generate_key",
    "identity_from_key",
    "prune",
]
