import streamlit as st

st.set_page_config(page_title="Reaktionsguide")
st.title("Reaktionsguide")
