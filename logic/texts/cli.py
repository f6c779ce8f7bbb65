"""What the command line's admin commands print (logic/auth/cli.py, logic/storage/cli.py). They speak
English (CLI_LANGUAGE; the engine's own commands follow --lang); the Danish is here so that every text
has both languages."""

from __future__ import annotations

from ..models import Language
from . import translate

CLI_LANGUAGE: Language = "en"

DA = {
    "cli.password": "Adgangskode: ",
    "cli.password.repeat": "Gentag: ",
    "cli.users.created": "oprettede {role} {name}",
    "cli.users.active": "aktiv",
    "cli.users.disabled": "deaktiveret",
    "cli.users.unlocked": "låste {name} op",
    "cli.users.password_changed": "adgangskoden til {name} er ændret",
    "cli.users.reset": "midlertidig adgangskode til {name} (skal skiftes ved næste log ind): {password}",
    "cli.audit.checkpoint": "kontrolpunkt: {rows} rækker",
    "cli.audit.no_checkpoint": "kontrolpunkt: intet nyt at forankre",
    "cli.purge.due": "klient {client}\tsidste aktivitet {date}\tskal slettes",
    "cli.purge.erased": "klient {client}\tsidste aktivitet {date}\tslettet",
    "cli.purge.count_due": "{count} klienter skal slettes (opbevaring {years} år)",
    "cli.purge.count_erased": "{count} klienter slettet (opbevaring {years} år)",
    "cli.erased": "slettede klient {client}: {removed}",
    "cli.database_error": "databasefejl: {error}",
    "cli.revision": "databasen er på revision {current} (nyeste {head})",
}

EN = {
    "cli.password": "Password: ",
    "cli.password.repeat": "Repeat: ",
    "cli.users.created": "created {role} {name}",
    "cli.users.active": "active",
    "cli.users.disabled": "disabled",
    "cli.users.unlocked": "unlocked {name}",
    "cli.users.password_changed": "password of {name} changed",
    "cli.users.reset": "temporary password of {name} (to be changed at the next sign-in): {password}",
    "cli.audit.checkpoint": "checkpoint: {rows} rows",
    "cli.audit.no_checkpoint": "checkpoint: nothing new to anchor",
    "cli.purge.due": "client {client}\tlast activity {date}\tdue for erasure",
    "cli.purge.erased": "client {client}\tlast activity {date}\terased",
    "cli.purge.count_due": "{count} clients due for erasure (retention {years} years)",
    "cli.purge.count_erased": "{count} clients erased (retention {years} years)",
    "cli.erased": "erased client {client}: {removed}",
    "cli.database_error": "database error: {error}",
    "cli.revision": "database at revision {current} (head {head})",
}


def say(key: str, **values: object) -> str:
    """A text of the command line in its language."""
    return translate(key, CLI_LANGUAGE, **values)
