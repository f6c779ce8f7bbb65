"""Storage errors that are not about the shape of the input (that is pydantic's ValidationError).

Each has a message in both languages: `error.message("da")`.
"""

from __future__ import annotations

from ..models import Language

_KINDS = {
    "client": ("klient", "client"),
    "session": ("behandling", "session"),
    "check": ("reaktionstjek", "reaction check"),
    "plan": ("plan", "plan"),
}


class StorageError(Exception):
    def __init__(self, da: str, en: str):
        super().__init__(en)
        self.texts = {"da": da, "en": en}

    def message(self, lang: Language) -> str:
        return self.texts[lang]


class NotFound(StorageError):
    def __init__(self, kind: str, ident: int, owner: int | None = None):
        da, en = _KINDS[kind]
        where_da = f" hos klient {owner}" if owner is not None else ""
        where_en = f" of client {owner}" if owner is not None else ""
        super().__init__(f"{da} {ident}{where_da} findes ikke", f"{en} {ident}{where_en} does not exist")
        self.kind, self.ident, self.owner = kind, ident, owner


class ConsentRequired(StorageError):
    """Health data (risk profile, pain map, sessions, checks, plans) needs the client's consent."""

    def __init__(self, client_id: int | None):
        who = f" {client_id}" if client_id is not None else ""
        super().__init__(
            f"klient{who} har ikke givet samtykke til at gemme helbredsoplysninger",
            f"client{who} has not consented to storing health data",
        )
        self.client_id = client_id


class ProfileMissing(StorageError):
    """A plan needs the client's risk profile."""

    def __init__(self, client_id: int):
        super().__init__(
            f"klient {client_id} har ingen risikoprofil endnu", f"client {client_id} has no risk profile yet"
        )
        self.client_id = client_id


class BackupFailed(StorageError):
    pass


class DatabaseBusy(StorageError):
    """A restore holds the database (or, for a restore, the app does)."""

    def __init__(self, restoring: bool = True):
        if restoring:
            super().__init__(
                "databasen er ved at blive gendannet; prøv igen, når gendannelsen er færdig",
                "the database is being restored; try again when the restore has finished",
            )
        else:
            super().__init__(
                "databasen er i brug (appen eller en anden kommando har den åben); stop appen først",
                "the database is in use (the app or another command has it open); stop the app first",
            )
