"""`python -m logic users|audit|purge|export|erase ...` (added to logic/cli.py's parser).

    users add NAME [--admin | --role therapist|admin] [--email E]   password: getpass, or stdin if not a TTY
    users passwd NAME                                                  set a password (read like add's)
    users reset NAME                                                   a temporary password, changed at the next sign-in
    users list | users unlock NAME                                     (unlock: end the delays after failed sign-ins)
    audit verify                                                       exit 1 and what it found when broken
    audit checkpoint [--after-restore]                                 anchor the trail's head in the checkpoint file
    audit list [--client ID] [--limit N]
    purge [--dry-run]                                                  clients past settings.retention_years
    export CLIENT_ID [--format json|csv] [--output FILE]
    erase CLIENT_ID --yes

Every command takes `--database-url`. Exit codes: 0 done, 1 failed (one line on stderr), 2 bad arguments.
The command line acts as "cli" in the audit trail; a command that wrote to it ends by anchoring its head
in the checkpoint file (the Storage's close, logic/auth/audit.py).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..storage import Storage

from ..texts.cli import CLI_LANGUAGE, say

FAILED = 1


def add_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    users = subparsers.add_parser("users", help="accounts of the app").add_subparsers(
        dest="users_command", required=True
    )
    add = users.add_parser("add", help="create an account (password read without echo, or from stdin)")
    add.add_argument("name")
    add.add_argument("--admin", action="store_true", help="same as --role admin")
    add.add_argument("--role", choices=("therapist", "admin"), default="therapist")
    add.add_argument("--email", default=None, help="e-mail the clinic's single sign-on reports for this person")
    add.add_argument("--sso-only", action="store_true", help="no password: single sign-on only (needs --email)")
    add.set_defaults(handler=_guard(run_users_add))
    listing = users.add_parser("list", help="list accounts")
    listing.set_defaults(handler=_guard(run_users_list))
    unlock = users.add_parser("unlock", help="end the delays after failed sign-ins, from every source")
    unlock.add_argument("name")
    unlock.set_defaults(handler=_guard(run_users_unlock))
    passwd = users.add_parser("passwd", help="set an account's password (read without echo, or from stdin)")
    passwd.add_argument("name")
    passwd.set_defaults(handler=_guard(run_users_passwd))
    reset = users.add_parser("reset", help="a temporary password, printed once, to be changed at the next sign-in")
    reset.add_argument("name")
    reset.set_defaults(handler=_guard(run_users_reset))
    for parser in (add, listing, unlock, passwd, reset):
        _database_option(parser)

    trail = subparsers.add_parser("audit", help="the audit trail").add_subparsers(dest="audit_command", required=True)
    verify = trail.add_parser(
        "verify", help="check the keyed chain and the checkpoints; names the first bad row or the rows missing"
    )
    verify.set_defaults(handler=_guard(run_audit_verify))
    anchor = trail.add_parser("checkpoint", help="append a signed checkpoint of the trail's head (e.g. from cron)")
    anchor.add_argument(
        "--after-restore", action="store_true",
        help="after a restore from a backup (pg_restore): check the chain, then make its head the new reference",
    )  # fmt: skip
    anchor.set_defaults(handler=_guard(run_audit_checkpoint))
    show = trail.add_parser("list", help="newest rows first")
    show.add_argument("--client", type=int, default=None)
    show.add_argument("--limit", type=int, default=50)
    show.set_defaults(handler=_guard(run_audit_list))
    for parser in (verify, anchor, show):
        _database_option(parser)

    purge = subparsers.add_parser("purge", help="erase clients past the retention period (settings.retention_years)")
    purge.add_argument("--dry-run", action="store_true", help="only list them")
    purge.set_defaults(handler=_guard(run_purge))
    export = subparsers.add_parser("export", help="everything stored about one client")
    export.add_argument("client_id", type=int)
    export.add_argument("--format", choices=("json", "csv"), default="json")
    export.add_argument("--output", type=Path, default=None, help="file to write (default: stdout)")
    export.set_defaults(handler=_guard(run_export))
    erase = subparsers.add_parser("erase", help="erase one client and all their health data")
    erase.add_argument("client_id", type=int)
    erase.add_argument("--yes", action="store_true", required=True, help="confirm")
    erase.set_defaults(handler=_guard(run_erase))
    for parser in (purge, export, erase):
        _database_option(parser)


def _database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database-url", default=None, help="SQLAlchemy URL (default: the clinic settings)")


def _guard(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        from ..storage.cli import guarded
        from .accounts import AccountError

        def action() -> int:
            try:
                return run(args)
            except AccountError as error:
                print(error, file=sys.stderr)
                return FAILED

        return guarded(action)

    return handler


def _open(args: argparse.Namespace) -> Storage:
    from ..settings import get_settings
    from ..storage import open_storage
    from . import audit

    audit.set_actor("cli")
    return audit.install(open_storage(args.database_url, get_settings()))


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass(say("cli.password"))
        if getpass.getpass(say("cli.password.repeat")) != first:
            from .accounts import AccountError

            raise AccountError("passwords_differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def run_users_add(args: argparse.Namespace) -> int:
    from .accounts import create_user

    role = "admin" if args.admin else args.role
    password = None if args.sso_only else _read_password()
    with _open(args) as storage:
        user = create_user(storage, args.name, password, role, args.email)
    print(say("cli.users.created", role=user.role, name=user.username))
    return 0


def run_users_list(args: argparse.Namespace) -> int:
    from .accounts import list_users

    with _open(args) as storage:
        for user in list_users(storage):
            state = say("cli.users.active" if user.active else "cli.users.disabled")
            print(f"{user.username}\t{user.role}\t{state}\t{user.email or ''}")
    return 0


def run_users_unlock(args: argparse.Namespace) -> int:
    from .accounts import update_user

    with _open(args) as storage:
        update_user(storage, args.name, unlock=True)
    print(say("cli.users.unlocked", name=args.name))
    return 0


def run_users_passwd(args: argparse.Namespace) -> int:
    from .accounts import update_user

    password = _read_password()
    with _open(args) as storage:
        user = update_user(storage, args.name, password=password)
    print(say("cli.users.password_changed", name=user.username))
    return 0


def run_users_reset(args: argparse.Namespace) -> int:
    from .accounts import reset_password

    with _open(args) as storage:
        temporary = reset_password(storage, args.name)
    print(say("cli.users.reset", name=args.name.strip().lower(), password=temporary))
    return 0


def run_audit_verify(args: argparse.Namespace) -> int:
    from .audit import verify

    with _open(args) as storage:
        verdict = verify(storage.engine)
    print(verdict.text(CLI_LANGUAGE), file=sys.stdout if verdict.ok else sys.stderr)
    return 0 if verdict.ok else FAILED


def run_audit_checkpoint(args: argparse.Namespace) -> int:
    from .audit import checkpoint, trail_for, verify

    with _open(args) as storage:
        if args.after_restore:  # the checkpoints from before the backup no longer apply; the chain still must
            verdict = verify(storage.engine, checkpoints=False)
            if not verdict.ok:
                print(verdict.text(CLI_LANGUAGE), file=sys.stderr)
                return FAILED
        point = checkpoint(storage.engine, "rebase" if args.after_restore else "checkpoint", force=args.after_restore)
        where = trail_for(storage.engine.dialect).checkpoints
    print(say("cli.audit.checkpoint", rows=point.rows) if point else say("cli.audit.no_checkpoint"), where, sep="\t")
    return 0


def run_audit_list(args: argparse.Namespace) -> int:
    from .audit import entries

    with _open(args) as storage:
        for e in entries(storage.engine, client_id=args.client, limit=args.limit):
            detail = json.dumps(e.detail, ensure_ascii=False, sort_keys=True)
            print(f"{e.id}\t{e.at.isoformat()}\t{e.actor}\t{e.action}\t{e.client_id or ''}\t{detail}")
    return 0


def run_purge(args: argparse.Namespace) -> int:
    from ..settings import get_settings
    from .clinic_settings import effective
    from .privacy import purge

    with _open(args) as storage:
        settings = effective(storage, get_settings())
        due = purge(storage, settings, dry_run=args.dry_run)
    outcome = "due" if args.dry_run else "erased"
    for item in due:
        print(say(f"cli.purge.{outcome}", client=item.client_id, date=item.last_activity.date().isoformat()))
    print(say(f"cli.purge.count_{outcome}", count=len(due), years=settings.retention_years), file=sys.stderr)
    return 0


def run_export(args: argparse.Namespace) -> int:
    from .privacy import export_text

    with _open(args) as storage:
        text = export_text(storage, args.client_id, args.format)
    if args.output:
        from ..storage.files import write_private

        print(write_private(args.output, text))  # 0600: health data
    else:
        sys.stdout.write(text)
    return 0


def run_erase(args: argparse.Namespace) -> int:
    from .privacy import erase_client

    with _open(args) as storage:
        removed = erase_client(storage, args.client_id)
    print(say("cli.erased", client=args.client_id, removed=", ".join(f"{k} {v}" for k, v in sorted(removed.items()))))
    return 0
