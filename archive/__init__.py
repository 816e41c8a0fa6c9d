"""archive: an offline, SQLite-backed archive of diplomatic news."""

__version__ = "0.1.0"
