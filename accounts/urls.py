"""Sign in (throttled), sign out, password change and reset, and the account page.

Names are Django's own (``login``, ``logout``, ``password_change``, ``password_reset`` …), un-namespaced.
"""

from django.urls import include, path

from accounts import views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("", views.account, name="account"),
    path("", include("django.contrib.auth.urls")),
]
