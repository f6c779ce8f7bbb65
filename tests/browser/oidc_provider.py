"""A small OpenID Connect provider on 127.0.0.1 for the single sign-on browser test.

It does what a clinic's provider does in the authorization-code flow, and nothing more: publishes its
metadata and signing key, "signs in" at once whoever comes to /authorize as the configured subject and
e-mail (no login form), and exchanges the code for an RS256-signed ID token carrying the client's nonce.
A test may change the e-mail between sign-ins (as a provider's admin can), or leave email_verified out.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "reaktionsguide"
CLIENT_SECRET = secrets.token_urlsafe(16)


@dataclass
class Provider:
    email: str
    verified: bool | None = True  # the ID token's email_verified claim; None: the claim is left out
    issuer: str = ""
    subject: str = "staff-1"
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048))
    codes: dict[str, str] = field(default_factory=dict)  # code -> the client's nonce
    tokens_issued: int = 0

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer, "sub": self.subject, "aud": CLIENT_ID, "iat": now, "exp": now + 300, "nonce": nonce,
            "name": "Clinic staff", **self.email_claims(),
        }  # fmt: skip
        header = {"alg": "RS256", "kid": self.key.thumbprint()}
        return jwt.encode(header, claims, self.key)

    def email_claims(self) -> dict:
        claims: dict = {"email": self.email}
        if self.verified is not None:
            claims["email_verified"] = self.verified
        return claims

    def metadata(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }

    def jwks(self) -> dict:
        public = self.key.as_dict(private=False)
        return {"keys": [public | {"kid": self.key.thumbprint(), "alg": "RS256", "use": "sig"}]}


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def _json(self, body: dict, status: int = 200) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(url.query))
            if url.path == "/.well-known/openid-configuration":
                self._json(provider.metadata())
            elif url.path == "/jwks":
                self._json(provider.jwks())
            elif url.path == "/userinfo":
                self._json({"sub": provider.subject, **provider.email_claims()})
            elif url.path == "/authorize" and query.get("client_id") == CLIENT_ID:
                code = secrets.token_urlsafe(16)
                provider.codes[code] = query.get("nonce", "")
                back = query["redirect_uri"] + "?" + urllib.parse.urlencode({"code": code, "state": query["state"]})
                self.send_response(302)
                self.send_header("Location", back)
                self.end_headers()
            else:
                self._json({"error": "not_found"}, 404)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
            nonce = provider.codes.pop(form.get("code", ""), None)
            if self.path != "/token" or nonce is None:
                self._json({"error": "invalid_grant"}, 400)
                return
            provider.tokens_issued += 1
            self._json({
                "access_token": secrets.token_urlsafe(16), "token_type": "Bearer", "expires_in": 300,
                "id_token": provider.id_token(nonce),
            })  # fmt: skip

    return Handler


@contextmanager
def running_provider(email: str, verified: bool | None = True) -> Iterator[Provider]:
    provider = Provider(email=email, verified=verified)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    provider.issuer = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
