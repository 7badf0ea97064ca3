"""Encrypted backups of the database and the uploaded files, and restoring them.

``create.py`` writes a backup (``manage.py backup``), ``restore.py`` verifies and restores one
(``manage.py restore``); ``archive.py`` says what a backup file holds, ``crypto.py`` how it is
encrypted (the age format), ``database.py`` how each database engine is dumped and restored.
"""
