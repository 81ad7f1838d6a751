"""Create the PostgreSQL test database named in a URL, if it does not exist yet."""

from __future__ import annotations

import sys

import psycopg
from sqlalchemy.engine import make_url


def main(url: str) -> None:
    parsed = make_url(url)
    name = parsed.database
    admin = parsed.set(drivername="postgresql", database="postgres")
    conninfo = admin.render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"Created PostgreSQL database {name}")


if __name__ == "__main__":
    main(sys.argv[1])
