"""Texts of the client list and the client record (pages/clients.py, pages/client_record.py, ui/records.py)."""

DA = {
    "records.nav.clients": "Klienter",
    "records.nav.record": "Klientjournal",
}

EN = {
    "records.nav.clients": "Clients",
    "records.nav.record": "Client record",
}
