"""`python -m logic migrate` and `python -m logic backup PATH` (added to logic/cli.py's parser).

Both take `--database-url` (default: settings, REAKTIONSGUIDE_DATABASE_URL, else SQLite in data_dir).
Exit codes: 0 done, 1 the database or the backup failed (one line on stderr), 2 bad arguments.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from ..settings import get_settings

FAILED = 1


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    migrate = subparsers.add_parser("migrate", help="bring the database schema up to date (alembic upgrade head)")
    _database_option(migrate)
    migrate.set_defaults(handler=run_migrate)
    backup = subparsers.add_parser("backup", help="write a consistent copy of the database while the app runs")
    backup.add_argument("path", type=Path, help="file to write (SQLite copy, or pg_dump custom format)")
    _database_option(backup)
    backup.set_defaults(handler=run_backup)


def _database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database-url", default=None, help="SQLAlchemy URL (default: the clinic settings)")


def guarded(action: Callable[[], int]) -> int:
    """Run a command; storage and database failures become one line on stderr and exit code 1."""
    from .engine import UnsupportedDatabase
    from .errors import StorageError

    try:
        return action()
    except StorageError as error:
        print(error.message("en"), file=sys.stderr)
    except UnsupportedDatabase as error:
        print(error, file=sys.stderr)
    except SQLAlchemyError as error:
        print(f"database error: {str(error).splitlines()[0]}", file=sys.stderr)
    except OSError as error:
        print(f"{error}", file=sys.stderr)
    return FAILED


def run_migrate(args: argparse.Namespace) -> int:
    from . import migrate, open_storage

    def action() -> int:
        storage = open_storage(args.database_url, get_settings())
        try:
            print(f"database at revision {migrate.current_revision(storage._engine)} (head {migrate.head_revision()})")
        finally:
            storage.close()
        return 0

    return guarded(action)


def run_backup(args: argparse.Namespace) -> int:
    from . import open_storage

    def action() -> int:
        storage = open_storage(args.database_url, get_settings())
        try:
            print(storage.backup(args.path))
        finally:
            storage.close()
        return 0

    return guarded(action)
