from django.urls import path

from search.saved import views

app_name = "saved"

urlpatterns = [
    path("saved/", views.saved_list, name="list"),
    path("saved/new", views.saved_create, name="create"),
    path("saved/<int:pk>/run", views.saved_run, name="run"),
    path("saved/<int:pk>/rename", views.saved_rename, name="rename"),
    path("saved/<int:pk>/edit", views.saved_edit, name="edit"),
    path("saved/<int:pk>/delete", views.saved_delete, name="delete"),
]
