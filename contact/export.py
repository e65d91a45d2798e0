"""Spreadsheet-safe export values (CSV/formula injection).

A cell starting with = + - @ (or a tab or carriage return that hides one) is read as a formula by
spreadsheet programs; a leading apostrophe makes it text. Wagtail 8 only retypes formula cells in
XLSX and leaves CSV untouched, so both formats go through this.
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
