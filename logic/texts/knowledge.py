"""How the knowledge base quotes a statement from outside the clinic's source text (logic/knowledge.py cite)."""

DA = {
    "knowledge.external_source": "{text} (Ekstern kilde: {source})",
}

EN = {
    "knowledge.external_source": "{text} (External source: {source})",
}
