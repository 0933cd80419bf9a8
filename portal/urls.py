from django.contrib import admin
from django.urls import include, path

from portal.health import healthz, healthz_live

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("healthz/live", healthz_live, name="healthz-live"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("", include("search.saved.urls")),
    path("", include("search.urls")),
]
# MEDIA_ROOT (letter files, uploads) is never served directly: original letters go through
# search.views.letter_file, which applies the same access rules as the search.
