"""Letter ingestion: parsing, models, pipeline tasks and admin bulk upload."""

from ingest.native import install_guard

# Before anything imports the parser: a compiled module older than its source is never run.
install_guard()
