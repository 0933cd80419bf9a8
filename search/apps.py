from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        """search.tasks indexes what ingest saves: its receiver listens to ingest's letters_saved."""
        from ingest.signals import letters_saved  # in ready(): Django's place to connect receivers
        from search import tasks  # in ready(): the tasks module imports models, loaded only now

        letters_saved.connect(tasks.on_letters_saved, dispatch_uid="search.tasks.letters_saved")
