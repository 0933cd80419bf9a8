"""Letter ingestion: parsing, models, pipeline tasks and admin bulk upload."""
