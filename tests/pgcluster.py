"""A throwaway PostgreSQL server for tests: stdlib only, so `.ci/run` can use it before `.venv` exists.

    python3 tests/pgcluster.py start [--port 55432]   # prints shell assignments to `eval`
    python3 tests/pgcluster.py stop DIR

The cluster lives in a fresh temporary folder (data, log and Unix socket), listens on 127.0.0.1 only,
and has a login role `reaktionsguide` (password, CREATEDB) owning the database `reaktionsguide_test`.
As root, every server command runs as the `postgres` user through `runuser`, since PostgreSQL refuses
to run as root. tests/conftest.py starts one the same way when no server is configured.
"""

from __future__ import annotations

import argparse
import glob
import os
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROLE = "reaktionsguide"
DATABASE = "reaktionsguide_test"
PREFERRED_PORT = 55432


class ClusterError(RuntimeError):
    pass


@dataclass(frozen=True)
class Cluster:
    base: Path
    port: int
    url: str


def find_bin_dir() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin with initdb, else the folder of `initdb` on PATH."""
    versions = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")]
    versions = [d for d in versions if d.parent.name.isdigit()]
    if versions:
        return max(versions, key=lambda d: int(d.parent.name))
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def free_port(preferred: int = 0) -> int:
    """`preferred` if nothing listens there, else any free port on 127.0.0.1."""
    for candidate in ([preferred] if preferred else []) + [0]:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            return s.getsockname()[1]
    raise ClusterError("no free TCP port on 127.0.0.1")


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    if shutil.which("runuser") is None:
        raise ClusterError("running as root but `runuser` is missing; PostgreSQL cannot run as root")
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError:
        raise ClusterError("running as root but there is no `postgres` user to run the server as") from None
    return ["runuser", "-u", "postgres", "--", *cmd]


def _run(cmd: list[str], what: str) -> None:
    done = subprocess.run(_as_server_user(cmd), capture_output=True, text=True)
    if done.returncode != 0:
        raise ClusterError(f"{what} failed (exit {done.returncode}):\n{done.stdout}{done.stderr}")


def start(port: int = 0, bin_dir: Path | None = None) -> Cluster:
    """Create, start and check a new cluster; on any failure nothing is left running."""
    bin_dir = bin_dir or find_bin_dir()
    if bin_dir is None:
        raise ClusterError("no PostgreSQL server binaries (initdb) found")
    base = Path(tempfile.mkdtemp(prefix="reaktionsguide-pg-"))
    password = secrets.token_hex(16)
    try:
        if os.geteuid() == 0:
            shutil.chown(base, "postgres", "postgres")
        data = base / "data"
        _run(
            [
                str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8", "--locale=C",
                "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync",
            ],
            "initdb",
        )  # fmt: skip
        port = free_port(port)
        options = f"-h 127.0.0.1 -p {port} -k {base} -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        # No autovacuum: its superuser worker in a test database makes DROP DATABASE ... FORCE fail.
        options += " -c autovacuum=off"
        log = base / "server.log"
        try:
            _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60", "start"],
                 "pg_ctl start")  # fmt: skip
        except ClusterError as exc:
            tail = log.read_text(errors="replace")[-4000:] if log.exists() else "(no server log)"
            raise ClusterError(f"{exc}\n--- server log ---\n{tail}") from None
        psql = [str(bin_dir / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", str(base), "-p", str(port)]
        _run(
            [
                *psql, "-U", "postgres", "-d", "postgres",
                "-c", f"CREATE ROLE {ROLE} LOGIN CREATEDB PASSWORD '{password}'",
                "-c", f"CREATE DATABASE {DATABASE} OWNER {ROLE}",
            ],
            "creating role and database",
        )  # fmt: skip
        # Check the way the tests connect: TCP on 127.0.0.1 with the password.
        check = [*psql, "-h", "127.0.0.1", "-U", ROLE, "-d", DATABASE, "-tA", "-c", "select 1"]
        done = subprocess.run(check, capture_output=True, text=True, env={**os.environ, "PGPASSWORD": password})
        if done.returncode != 0 or done.stdout.strip() != "1":
            raise ClusterError(f"server started but a password login over TCP failed:\n{done.stdout}{done.stderr}")
    except BaseException:
        stop(base, bin_dir)
        raise
    url = f"postgresql+psycopg://{ROLE}:{password}@127.0.0.1:{port}/{DATABASE}"
    return Cluster(base=base, port=port, url=url)


def stop(base: Path, bin_dir: Path | None = None) -> None:
    """Stop the cluster in `base` if it runs and delete the folder."""
    bin_dir = bin_dir or find_bin_dir()
    data = Path(base) / "data"
    if bin_dir is not None and (data / "postmaster.pid").exists():
        subprocess.run(
            _as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
        )
    shutil.rmtree(base, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p_start = sub.add_parser("start", help="start a cluster; prints PGCLUSTER_DIR=... and the test URL")
    p_start.add_argument("--port", type=int, default=PREFERRED_PORT, help="preferred port (a free one if taken)")
    p_stop = sub.add_parser("stop", help="stop a cluster and delete its folder")
    p_stop.add_argument("dir", type=Path)
    args = parser.parse_args(argv)
    if args.command == "stop":
        stop(args.dir)
        return 0
    try:
        cluster = start(args.port)
    except ClusterError as exc:
        print(f"pgcluster: {exc}", file=sys.stderr)
        return 1
    print(f"PGCLUSTER_DIR={shlex.quote(str(cluster.base))}")
    print(f"REAKTIONSGUIDE_TEST_POSTGRES_URL={shlex.quote(cluster.url)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
