"""N replicas of the app behind nginx, as the current user on 127.0.0.1: for trying the deployment out,
for the replica test (tests/browser/test_deploy_replicas.py) and for the load bench through nginx.

    .venv/bin/python -m deploy.replicas --replicas 2 --database-url postgresql+psycopg://...

starts the replicas (`streamlit run server.py` on free ports, one database, one audit key, one data
folder), waits until each one's /ready answers 200, then nginx with the site of deploy/nginx_site.py
and a self-signed certificate (deploy/make-cert.sh), everything in a temporary folder (nginx's pid file,
error and access logs, temp paths; `-p`/`-c`/`-e`), and prints the https URL. Ctrl-C stops it all.
A clinic's server runs the same pieces under systemd instead (deploy/systemd/, the README).

Standard library only.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from deploy.nginx_site import ROUTE_COOKIE, site  # noqa: F401  (ROUTE_COOKIE: for the replicas' users)

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

STARTUP_TIMEOUT_S = 90.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nginx_binary() -> str:
    return shutil.which("nginx") or "/usr/sbin/nginx"


def insecure_local_tls() -> ssl.SSLContext:
    """TLS without checking the certificate: for the self-signed one on 127.0.0.1 only."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def status(url: str, timeout: float = 5.0) -> int | None:
    """The HTTP status of a GET, or None when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout, context=insecure_local_tls()) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


@dataclass
class Process:
    name: str
    proc: subprocess.Popen
    log: Path

    def output(self, last: int = 6000) -> str:
        return self.log.read_text(errors="replace")[-last:] if self.log.exists() else ""

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        """Gone at once, as a crash or the OOM killer would take it: no clean shutdown."""
        if self.alive():
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if not self.alive():
            return
        try:
            os.killpg(self.proc.pid, sig)
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()
        except ProcessLookupError:
            pass


@dataclass
class Replica(Process):
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def upstream(self) -> str:
        return f"127.0.0.1:{self.port}"


@dataclass
class Cluster:
    url: str  # https://127.0.0.1:PORT, nginx
    replicas: list[Replica]
    nginx: Process
    folder: Path
    access_log: Path
    data_dir: Path

    def routes(self) -> dict[str, str]:
        """Route cookie -> the replica (127.0.0.1:PORT) nginx sent its requests to, from the access log
        (the last upstream that answered; a failed try is listed before it)."""
        found: dict[str, str] = {}
        for line in self.access_log.read_text(errors="replace").splitlines():
            parts = dict(p.split("=", 1) for p in line.split() if p.startswith(("route=", "upstream=")))
            upstream = parts.get("upstream", "-").split(",")[-1].strip()
            if parts.get("route") and upstream not in ("", "-"):
                found[parts["route"]] = upstream
        return found


def _start(cmd: list[str], log: Path, env: Mapping[str, str] | None = None) -> subprocess.Popen:
    with open(log, "wb") as out:
        return subprocess.Popen(cmd, cwd=REPO, env=dict(env) if env is not None else None, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip


def start_replica(port: int, folder: Path, env: Mapping[str, str], python: str = sys.executable,
                  script: Path = REPO / "server.py") -> Replica:  # fmt: skip
    cmd = [
        python, "-m", "streamlit", "run", str(script),
        "--server.address", "127.0.0.1", "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    log = folder / f"replica-{port}.log"
    return Replica(f"replica {port}", _start(cmd, log, env), log, port)


def wait_until(check, what: str, processes: list[Process], timeout: float = STARTUP_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        dead = [p for p in processes if not p.alive()]
        if dead or time.monotonic() > deadline:
            told = "\n".join(f"--- {p.name} ({'running' if p.alive() else 'exited'}):\n{p.output()}" for p in processes)
            raise RuntimeError(f"{what} within {timeout:.0f} s failed\n{told}")
        time.sleep(0.2)


def nginx_conf(folder: Path, site_file: Path) -> str:
    """nginx's main configuration for a run as the current user, everything inside `folder`."""
    temp = folder / "temp"
    for part in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (temp / part).mkdir(parents=True, exist_ok=True)
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""  # as root, workers would be nobody
    return f"""{user}worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {site_file};
}}
"""


@contextmanager
def running(folder: Path, env: Mapping[str, str], replicas: int = 2, python: str = sys.executable,
            script: Path = REPO / "server.py", ready_path: str = "/ready") -> Iterator[Cluster]:  # fmt: skip
    """Start `replicas` app processes with `env` (the database URL, the audit key ...) and nginx in front.

    Every replica gets the same data folder (`folder`/data) and REAKTIONSGUIDE_ALLOWED_HOSTS=127.0.0.1
    unless `env` says otherwise. `ready_path` is what must answer 200 on each replica before nginx starts
    (a bare script without server.py's routes has only /_stcore/health)."""
    folder.mkdir(parents=True, exist_ok=True)
    data_dir = folder / "data"
    replica_env = {**os.environ, "REAKTIONSGUIDE_DATA_DIR": str(data_dir), "REAKTIONSGUIDE_ALLOWED_HOSTS": "127.0.0.1"}
    replica_env.update(env)
    with ExitStack() as stack:
        started: list[Replica] = []
        for _ in range(replicas):
            replica = start_replica(free_port(), folder, replica_env, python, script)
            stack.callback(replica.stop)
            started.append(replica)
        for replica in started:
            wait_until(lambda r=replica: status(r.url + ready_path) == 200, f"{replica.name} ready", started)

        certs = folder / "tls"
        subprocess.run([str(HERE / "make-cert.sh"), str(certs), "127.0.0.1"], check=True, capture_output=True)
        https_port = free_port()
        access_log = folder / "access.log"
        site_file = folder / "reaktionsguide.conf"
        site_file.write_text(site(
            server_name="127.0.0.1", replicas=tuple(r.port for r in started), https_port=https_port, http_port=None,
            certificate=str(certs / "fullchain.pem"), certificate_key=str(certs / "privkey.pem"),
            access_log=str(access_log), listen_address="127.0.0.1",
        ))  # fmt: skip
        conf = folder / "nginx.conf"
        conf.write_text(nginx_conf(folder, site_file))
        base = [nginx_binary(), "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log")]
        checked = subprocess.run([*base, "-t"], capture_output=True, text=True)
        if checked.returncode != 0:
            raise RuntimeError(f"nginx -t refused the configuration:\n{checked.stderr}")
        nginx = Process("nginx", _start([*base, "-g", "daemon off;"], folder / "nginx.out"), folder / "error.log")
        stack.callback(nginx.stop, signal.SIGQUIT)  # graceful: the workers finish what they hold
        url = f"https://127.0.0.1:{https_port}"
        wait_until(lambda: status(url + ready_path) == 200, "nginx answering", [nginx, *started])
        yield Cluster(url, started, nginx, folder, access_log, data_dir)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--database-url", help="shared PostgreSQL (default: SQLite in the shared data folder)")
    args = parser.parse_args(argv)
    env = {"REAKTIONSGUIDE_AUDIT_KEY": os.environ.get("REAKTIONSGUIDE_AUDIT_KEY") or secrets.token_hex(32)}
    if args.database_url:
        env["REAKTIONSGUIDE_DATABASE_URL"] = args.database_url
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop everything as Ctrl-C does
    with (
        tempfile.TemporaryDirectory(prefix="reaktionsguide-replicas-") as tmp,
        running(Path(tmp), env, args.replicas) as cluster,
    ):
        print(f"{cluster.url}  (self-signed certificate; replicas {', '.join(r.upstream for r in cluster.replicas)};"
              f" logs in {tmp}); Ctrl-C stops", flush=True)  # fmt: skip
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
