"""Streamlit-side helpers shared by the pages: language, texts and widgets."""
