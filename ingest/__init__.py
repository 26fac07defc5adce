"""mediamon ingest: sources → fetch → extract → dedupe → store."""

__version__ = "0.1.0"
