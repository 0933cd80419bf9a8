"""Sign in (throttled), sign out, password change and reset, the account page and its API tokens,
the staff's audit trail.

Names are Django's own (``login``, ``logout``, ``password_change``, ``password_reset`` …), un-namespaced.
"""

from django.urls import include, path

from accounts import audit_views, views
from accounts.reset import ThrottledPasswordResetView

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("password_reset/", ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("", views.account, name="account"),
    path("tokens/", views.token_create, name="api-token-create"),
    path("tokens/<int:pk>/revoke", views.token_revoke, name="api-token-revoke"),
    path("audit/", audit_views.audit_page, name="audit"),
    path("audit.csv", audit_views.audit_csv, name="audit-csv"),
    path("", include("django.contrib.auth.urls")),
]
