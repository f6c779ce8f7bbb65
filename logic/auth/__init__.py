"""Accounts, roles, the audit trail, privacy (export, erasure, retention) and clinic settings overrides.

- passwords.py: Argon2id hashing (argon2-cffi), rehash when the parameters change; the password policy;
- accounts.py: users, roles, passwords, sign-in (and single sign-on's mapping);
- throttle.py: growing delays after failed sign-ins, per account, source and pair, in the database;
- browser_sessions.py: signed-in browsers (the session cookie's hashed secret, idle and absolute expiry,
  revocation of every session of an account);
- audit.py: the append-only audit trail, chained by HMAC under a key kept outside the database and
  anchored by signed checkpoints in a file, and its verification;
- privacy.py: one client's export (JSON, CSV), erasure, and the retention purge;
- clinic_settings.py: ClinicSettings overlaid with the overrides an admin saved in the database;
- cli.py: `python -m logic users|audit|purge|export ...`.

Never imports Streamlit. Kept light: importing the package imports none of its modules.
"""

ROLES = ("anonymous", "therapist", "admin")
ANONYMOUS, THERAPIST, ADMIN = ROLES
