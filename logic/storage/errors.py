"""Storage errors that are not about the shape of the input (that is pydantic's ValidationError).

Each carries a code and the values its message needs; the message itself is in the catalogue
(logic/texts/errors.py), so the UI shows it in the user's language and the command line in English:
`translate(error.code, lang, **error.values)`.
"""

from __future__ import annotations

from ..texts import translate


class StorageError(Exception):
    def __init__(self, code: str, **values: object):
        self.code, self.values = code, values
        super().__init__(code)

    def __str__(self) -> str:
        return translate(self.code, "en", **self.values)


class NotFound(StorageError):
    def __init__(self, kind: str, ident: int, owner: int | None = None):
        if owner is None:
            super().__init__(f"storage.not_found.{kind}", ident=ident)
        else:
            super().__init__(f"storage.not_found_of_client.{kind}", ident=ident, owner=owner)
        self.kind, self.ident, self.owner = kind, ident, owner


class ConsentRequired(StorageError):
    """Health data (risk profile, pain map, sessions, checks, plans) needs the client's consent."""

    def __init__(self, client_id: int | None):
        if client_id is None:
            super().__init__("storage.consent_required")
        else:
            super().__init__("storage.consent_required.client", client_id=client_id)
        self.client_id = client_id


class ProfileMissing(StorageError):
    """A plan needs the client's risk profile."""

    def __init__(self, client_id: int):
        super().__init__("storage.profile_missing", client_id=client_id)
        self.client_id = client_id


class BackupFailed(StorageError):
    pass


class DatabaseBusy(StorageError):
    """A restore holds the database (or, for a restore, the app does)."""

    def __init__(self, restoring: bool = True):
        super().__init__("storage.busy.restoring" if restoring else "storage.busy.in_use")
