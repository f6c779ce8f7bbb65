"""The nginx site of Reaktionsguide: TLS in front of N app replicas, each browser kept on one replica.

    python3 deploy/nginx_site.py --server-name reaktion.clinic.example --replicas 8501,8502 \\
        > /etc/nginx/sites-available/reaktionsguide

writes the site file (deploy/nginx/reaktionsguide.conf is its output with the defaults below). Standard
library only; the replica test (tests/browser/test_deploy_replicas.py) runs nginx on what it writes.

Why each part is there:
- Sticky sessions. A Streamlit session (its state, its `/media` files, its uploads) lives in one
  process, so every request of a browser must reach the same replica: the page, the websocket
  `/_stcore/stream`, `/media/...`, `/session/start` and `/session/end`. Open-source nginx has no `sticky`
  directive and `ip_hash` puts a whole clinic behind one NAT address on one replica, so nginx gives each
  browser a random route cookie (`rg_route`, the request's id) on its first answer and hashes it
  (`hash ... consistent`): the same cookie, the same replica. When that replica is down, nginx takes the
  next one on the ring for these browsers only (the others stay where they are); Streamlit's frontend
  reconnects its websocket there and starts a new session (the sign-in holds: it lives in the database).
  When the replica is back, its browsers return to it and start a new session once more.
- The websocket: HTTP/1.1 with Upgrade/Connection passed on, no buffering, long timeouts (a therapist
  may leave a record open; the replicas ping every 20 s, so a dead replica is still noticed).
- `Host` as the browser sent it (with the port: Streamlit checks the websocket's Origin against it),
  `X-Forwarded-For` set to the client's address (the sign-in throttling counts by it) and
  `X-Forwarded-Proto` (the session cookie gets `Secure`), which the replicas trust from 127.0.0.1.
- The security headers come from the app (server.py) and pass through; nginx sets HSTS itself (the app's
  own is hidden, so it is sent once) and, when no replica answers, a plain 503 with the same headers.
"""

from __future__ import annotations

import argparse
import sys
from string import Template

ROUTE_COOKIE = "rg_route"
DEFAULTS = {
    "server_name": "reaktion.clinic.example",
    "replicas": (8501, 8502),
    "https_port": 443,
    "http_port": 80,
    "certificate": "/etc/ssl/reaktionsguide/fullchain.pem",
    "certificate_key": "/etc/ssl/reaktionsguide/privkey.pem",
    "access_log": "/var/log/nginx/reaktionsguide.access.log",
}
HSTS = "max-age=31536000; includeSubDomains"
# The app's own headers (server.py) for the answers nginx makes itself (no replica up).
FALLBACK_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

SITE = Template("""\
# Reaktionsguide: TLS in front of the app's replicas, each browser kept on one replica.
# Written by deploy/nginx_site.py (see its docstring for why each part is there).

# The browser's route cookie when it has a well-formed one, else a new random key for this request.
map $$cookie_${cookie} $$rg_route {
    "~^[0-9a-f]{32}$$"  $$cookie_${cookie};
    default            $$request_id;
}
# Set the cookie only on answers to a browser that does not have one yet.
map $$cookie_${cookie} $$rg_route_cookie {
    "~^[0-9a-f]{32}$$"  "";
    default            "${cookie}=$$request_id; Path=/; Secure; HttpOnly; SameSite=Lax";
}
# A websocket handshake passes Upgrade on; any other request keeps its upstream connection alive.
map $$http_upgrade $$rg_connection {
    default  upgrade;
    ""       "";
}

log_format reaktionsguide '$$remote_addr [$$time_local] "$$request" $$status $$body_bytes_sent '
                          'route=$$rg_route upstream=$$upstream_addr time=$$request_time';

upstream reaktionsguide {
    hash $$rg_route consistent;
${servers}
    keepalive 16;
}
${http_server}
server {
    listen ${https_listen} ssl http2;
    server_name ${server_name};
    server_tokens off;

    ssl_certificate     ${certificate};
    ssl_certificate_key ${certificate_key};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers off;
    ssl_session_cache shared:reaktionsguide:10m;
    ssl_session_timeout 1d;
    ssl_session_tickets off;

    access_log ${access_log} reaktionsguide;
    client_max_body_size 10m;

    proxy_http_version 1.1;
    proxy_set_header Host $$http_host;
    proxy_set_header X-Forwarded-For $$remote_addr;
    proxy_set_header X-Forwarded-Proto $$scheme;
    proxy_set_header Upgrade $$http_upgrade;
    proxy_set_header Connection $$rg_connection;
    proxy_hide_header Strict-Transport-Security;
    proxy_connect_timeout 5s;
    proxy_send_timeout 60s;
    proxy_read_timeout 60s;
    proxy_next_upstream error timeout;

    add_header Strict-Transport-Security "${hsts}" always;
    add_header Set-Cookie $$rg_route_cookie;
    error_page 502 503 504 = @unavailable;

    location / {
        proxy_pass http://reaktionsguide;
    }

    # Streamlit's websocket: unbuffered, held open while the page is (the replica pings every 20 s).
    location /_stcore/stream {
        proxy_pass http://reaktionsguide;
        proxy_buffering off;
        proxy_read_timeout 1h;
        proxy_send_timeout 1h;
    }

    location /_stcore/metrics {
        return 404;
    }

    location @unavailable {
        default_type text/plain;
        add_header Strict-Transport-Security "${hsts}" always;
${fallback_headers}
        add_header Cache-Control "no-store" always;
        return 503 "Reaktionsguide is not available just now. Try again in a minute.\\n";
    }
}
""")

HTTP_SERVER = Template("""
# Plain HTTP only sends browsers to HTTPS.
server {
    listen ${http_port};
    server_name ${server_name};
    server_tokens off;
    return 301 https://$$host$$request_uri;
}
""")


def site(
    server_name: str = DEFAULTS["server_name"],
    replicas: tuple[int, ...] = DEFAULTS["replicas"],
    https_port: int = DEFAULTS["https_port"],
    http_port: int | None = DEFAULTS["http_port"],
    certificate: str = DEFAULTS["certificate"],
    certificate_key: str = DEFAULTS["certificate_key"],
    access_log: str = DEFAULTS["access_log"],
    listen_address: str | None = None,
) -> str:
    """The site file for replicas on 127.0.0.1 at `replicas` (ports). `listen_address` binds nginx to one
    address (e.g. 127.0.0.1 in tests); None listens on every address."""
    if not replicas:
        raise ValueError("at least one replica")
    # A replica that refused a connection is left out for 10 s; a reconnecting browser goes on to the next.
    servers = "\n".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in replicas)
    prefix = f"{listen_address}:" if listen_address else ""
    http_server = HTTP_SERVER.substitute(http_port=f"{prefix}{http_port}", server_name=server_name) if http_port else ""
    fallback = "\n".join(f'        add_header {name} "{value}" always;' for name, value in FALLBACK_HEADERS.items())
    return SITE.substitute(
        cookie=ROUTE_COOKIE,
        servers=servers,
        http_server=http_server,
        https_listen=f"{prefix}{https_port}",
        server_name=server_name,
        certificate=certificate,
        certificate_key=certificate_key,
        access_log=access_log,
        hsts=HSTS,
        fallback_headers=fallback,
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Write Reaktionsguide's nginx site file to standard output.")
    parser.add_argument("--server-name", default=DEFAULTS["server_name"], help="the name the clinic's browsers use")
    parser.add_argument("--replicas", default=",".join(map(str, DEFAULTS["replicas"])),
                        help="the replicas' ports on 127.0.0.1, e.g. 8501,8502,8503")  # fmt: skip
    parser.add_argument("--certificate", default=DEFAULTS["certificate"])
    parser.add_argument("--certificate-key", default=DEFAULTS["certificate_key"])
    parser.add_argument("--access-log", default=DEFAULTS["access_log"])
    args = parser.parse_args(argv)
    ports = tuple(int(port) for port in args.replicas.split(",") if port.strip())
    sys.stdout.write(site(args.server_name, ports, certificate=args.certificate,
                          certificate_key=args.certificate_key, access_log=args.access_log))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
