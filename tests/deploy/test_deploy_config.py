"""deploy/: the committed nginx site is what deploy/nginx_site.py writes, and nginx accepts what it writes
(for a clinic's server: ports 80 and 443, three replicas). tests/browser/test_deploy_replicas.py runs it."""

from __future__ import annotations

import subprocess
from pathlib import Path

from deploy import nginx_site, replicas
from tests import REPO


def test_the_committed_site_is_the_generators_output() -> None:
    assert (REPO / "deploy" / "nginx" / "reaktionsguide.conf").read_text() == nginx_site.site(), (
        "run: python3 deploy/nginx_site.py > deploy/nginx/reaktionsguide.conf"
    )


def test_nginx_accepts_the_site_of_a_clinics_server(tmp_path: Path) -> None:
    subprocess.run([str(REPO / "deploy" / "make-cert.sh"), str(tmp_path / "tls"), "clinic.example"], check=True)
    site = tmp_path / "reaktionsguide.conf"
    site.write_text(nginx_site.site(
        server_name="clinic.example", replicas=(8501, 8502, 8503), certificate=str(tmp_path / "tls" / "fullchain.pem"),
        certificate_key=str(tmp_path / "tls" / "privkey.pem"), access_log=str(tmp_path / "access.log"),
    ))  # fmt: skip
    conf = tmp_path / "nginx.conf"
    conf.write_text(replicas.nginx_conf(tmp_path, site))
    checked = subprocess.run(
        [replicas.nginx_binary(), "-t", "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "error.log")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    text = site.read_text()
    assert text.count("server 127.0.0.1:85") == 3 and "hash $rg_route consistent;" in text
    assert "return 301 https://$host$request_uri;" in text  # plain HTTP only redirects
