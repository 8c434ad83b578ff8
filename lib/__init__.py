"""Perkin's domain and services. Plain Python: never imports streamlit."""
