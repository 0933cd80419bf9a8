"""The User admin's rules for staff: they manage members, never privileges.

A non-superuser with ``auth.add_user`` and ``auth.change_user`` (the Staff role) creates accounts,
which the ``post_save`` receiver makes Members, and changes a member's name, e-mail, active flag and
password; every other field (user name, is_staff, is_superuser, groups, permissions, dates) is
read-only to them, so a value posted for it is ignored. An account holding more than the Member role
(staff, superusers, their own account included, or a member given a group or permission one by one)
is view-only to them: its form is read-only, a POST to it or to its password page answers 403.
Deleting is a superuser's alone, whatever the permissions say: staff end an account by deactivating
it (its sessions and tokens stop working, its alerts stop). A superuser keeps the stock admin.

``search.admin`` registers the site's User admin (it adds the superuser-only saved queries) and
``secure`` puts these rules in front of it, whichever class is registered, once the admin modules
are discovered (``AccountsConfig.ready``).
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import User
from django.http import HttpRequest

from accounts.roles import holds_more_than_member

MEMBER_FIELDS = frozenset({"first_name", "last_name", "email", "is_active"})  # what staff may change
NEW_ACCOUNT_FIELDS = frozenset({"username", "usable_password", "password1", "password2"})  # the add form
# The hashed password: a disabled field whose widget links to the password page (shown, never posted).
PASSWORD = "password"


def _is_superuser(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


class UserAdmin(DjangoUserAdmin):
    """The stock UserAdmin, with staff limited to members' names, e-mails, active flags and passwords."""

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        if obj is not None and not _is_superuser(request) and holds_more_than_member(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return _is_superuser(request) and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> tuple[str, ...]:
        fields = tuple(super().get_readonly_fields(request, obj))
        if _is_superuser(request):
            return fields
        writable = MEMBER_FIELDS | (NEW_ACCOUNT_FIELDS if obj is None else {PASSWORD}) | set(fields)
        shown = flatten_fieldsets(self.get_fieldsets(request, obj))
        return (*fields, *(name for name in shown if name not in writable))


def secure(site: admin.AdminSite) -> None:
    """Make the site's User admin obey ``UserAdmin``'s rules, keeping what its registered class adds."""
    if not site.is_registered(User):
        site.register(User, UserAdmin)
        return
    current = type(site.get_model_admin(User))
    if issubclass(current, UserAdmin):
        return
    site.unregister(User)
    attrs = {"__module__": __name__, "__doc__": current.__doc__}
    site.register(User, type(current.__name__, (UserAdmin, current), attrs))
