from django.urls import include, path

from search import views
from search.api.site import api_docs, api_not_found, api_openapi, operation_urls
from search.views.compare import compare_page
from search.views.outcomes import outcomes_page
from search.views.outcomes_export import outcomes_csv, outcomes_xlsx
from search.views.outcomes_phrases import outcomes_phrases

app_name = "search"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("letters/<str:case_number>/", views.letter_page, name="letter"),
    path("letters/<str:case_number>/original", views.letter_file, name="letter-file"),
    path("letters/<str:case_number>/similar", views.letter_similar, name="letter-similar"),
    path("export.csv", views.export_csv, name="export"),
    path("outcomes", outcomes_page, name="outcomes"),
    path("outcomes/compare", compare_page, name="compare"),
    path("outcomes/export.csv", outcomes_csv, name="outcomes-csv"),
    path("outcomes/export.xlsx", outcomes_xlsx, name="outcomes-xlsx"),
    path("outcomes/phrases", outcomes_phrases, name="outcomes-phrases"),
    path("api/", api_docs, name="api-docs"),
    path("api/openapi.json", api_openapi, name="api-openapi"),
    path("api/", include(operation_urls())),  # django-ninja: search, outcomes, letters, saved queries
    path("api/<path:rest>", api_not_found),  # last: no route matched
]
