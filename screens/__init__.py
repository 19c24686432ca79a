"""Textual screens and panels of the console (one module per screen/panel)."""
