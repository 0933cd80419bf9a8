from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "ingest"
    verbose_name = "Ingestion"

    def ready(self) -> None:
        """Records move from saved to indexed/updated when search reports their letters indexed."""
        from ingest import records, signals  # in ready(): records imports models, loaded only now

        signals.letters_indexed.connect(records.on_letters_indexed, dispatch_uid="ingest.records.indexed")
