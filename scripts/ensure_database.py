"""Create the PostgreSQL database named in DATABASE_URL if it does not exist yet (a fresh
server). Does nothing for SQLite. Used by scripts/run and scripts/services-up."""

import os
import sys
from urllib.parse import unquote, urlparse

url = urlparse(os.environ.get("DATABASE_URL", ""))
if not url.scheme.startswith("postgres"):
    sys.exit(0)

import psycopg2  # noqa: E402
from psycopg2 import sql  # noqa: E402

name = unquote(url.path.lstrip("/"))
conn = psycopg2.connect(
    host=url.hostname or "127.0.0.1",
    port=url.port or 5432,
    user=unquote(url.username or "postgres"),
    password=unquote(url.password) if url.password else None,
    dbname="postgres",
)
conn.autocommit = True
with conn.cursor() as cursor:
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    if cursor.fetchone() is None:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        print(f"==> Created database {name}")
conn.close()
