"""File importers for the directory: Sirene establishments and member spreadsheets."""
