"""mediamon dashboard: Streamlit pages over the store."""
