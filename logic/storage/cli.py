"""`python -m logic migrate`, `backup PATH [--force]` and `restore BACKUP [--force]` (added to logic/cli.py's parser).

All take `--database-url` (default: settings, REAKTIONSGUIDE_DATABASE_URL, else SQLite in data_dir).
Exit codes: 0 done, 1 the database or the backup failed (one line on stderr), 2 bad arguments.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from ..settings import get_settings
from ..texts.cli import say

FAILED = 1


def add_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    migrate = subparsers.add_parser("migrate", help="bring the database schema up to date (alembic upgrade head)")
    _database_option(migrate)
    migrate.set_defaults(handler=run_migrate)
    backup = subparsers.add_parser("backup", help="write a consistent copy of the database while the app runs")
    backup.add_argument("path", type=Path, help="new file to write (SQLite copy, or pg_dump custom format)")
    backup.add_argument("--force", action="store_true", help="overwrite an existing file (never the database)")
    _database_option(backup)
    backup.set_defaults(handler=run_backup)
    restore = subparsers.add_parser(
        "restore", help="put a SQLite backup in place of the database (the app must be stopped); keeps the old one"
    )
    restore.add_argument("backup", type=Path, help="the backup file")
    restore.add_argument(
        "--force", action="store_true", help="restore even if the backup's audit trail does not verify"
    )
    _database_option(restore)
    restore.set_defaults(handler=run_restore)


def _database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database-url", default=None, help="SQLAlchemy URL (default: the clinic settings)")


def guarded(action: Callable[[], int]) -> int:
    """Run a command; storage and database failures become one line on stderr and exit code 1."""
    from .engine import UnsupportedDatabase
    from .errors import StorageError

    try:
        return action()
    except StorageError as error:
        print(error, file=sys.stderr)  # the catalogue's English (StorageError.__str__)
    except UnsupportedDatabase as error:
        print(error, file=sys.stderr)
    except SQLAlchemyError as error:
        print(say("cli.database_error", error=str(error).splitlines()[0]), file=sys.stderr)
    except OSError as error:
        print(f"{error}", file=sys.stderr)
    return FAILED


def run_migrate(args: argparse.Namespace) -> int:
    from . import migrate, open_storage

    def action() -> int:
        storage = open_storage(args.database_url, get_settings())
        try:
            current, head = migrate.current_revision(storage.engine), migrate.head_revision()
            print(say("cli.revision", current=current, head=head))
        finally:
            storage.close()
        return 0

    return guarded(action)


def run_backup(args: argparse.Namespace) -> int:
    from . import open_storage

    def action() -> int:
        storage = open_storage(args.database_url, get_settings())
        try:
            print(storage.backup(args.path, force=args.force).summary())
        finally:
            storage.close()
        return 0

    return guarded(action)


def run_restore(args: argparse.Namespace) -> int:
    from .restore import restore

    def action() -> int:
        try:  # erasures re-applied by the restore are audited as the command line's
            from ..auth.audit import set_actor

            set_actor("cli")
        except ModuleNotFoundError:
            pass
        print(restore(args.database_url, args.backup, get_settings(), force=args.force).summary())
        return 0

    return guarded(action)
