"""Texts of the client picker (ui/client_picker.py)."""

DA = {
    "picker.search": "Find klient",
    "picker.search.placeholder": "Skriv begyndelsen af navnet",
    "picker.client": "Klient",
    "picker.placeholder": "Vælg en klient",
    "picker.option": "{name} ({age} år)",
    "picker.none": "Ingen klienter passer til søgningen.",
}

EN = {
    "picker.search": "Find a client",
    "picker.search.placeholder": "Type the start of the name",
    "picker.client": "Client",
    "picker.placeholder": "Choose a client",
    "picker.option": "{name} ({age} years)",
    "picker.none": "No client matches the search.",
}
