"""Letterwise letters: render the example letters and check drafts against the guides' rules."""

from letters.data import InputError, languages

__all__ = ["InputError", "languages"]
