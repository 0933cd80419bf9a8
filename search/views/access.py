"""Who may search: the accounts app owns the policy (``SEARCH_REQUIRES_LOGIN``, default True).

``search_access``: pages redirect anonymous users to sign in, /api/ answers a JSON 401.
``export_access``: the same, plus the export permission whenever an account is required.
Every search view imports them from here.
"""

from accounts.access import export_access, search_access

__all__ = ["export_access", "search_access"]
