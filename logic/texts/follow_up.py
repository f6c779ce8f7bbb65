"""The engine's texts of follow-up links (logic/storage/follow_ups.py): why a link took no report."""

DA = {
    "storage.follow_up.refused": "Linket virker ikke længere (udløbet, trukket tilbage eller brugt). Intet blev sendt.",
    "storage.follow_up.held_back": "For mange forsøg fra denne forbindelse. Prøv igen senere.",
}

EN = {
    "storage.follow_up.refused": "This link no longer works (expired, withdrawn or used). Nothing was sent.",
    "storage.follow_up.held_back": "Too many attempts from this connection. Please try again later.",
}
