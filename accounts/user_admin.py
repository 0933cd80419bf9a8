"""The User admin's rules for staff: they manage members, never privileges.

A non-superuser with ``auth.add_user`` and ``auth.change_user`` (the Staff role) creates accounts
(user name, e-mail, first password), which the ``post_save`` receiver makes Members, and changes a
member's name and active flag. Every other field (user name, e-mail, password, is_staff,
is_superuser, groups, permissions, dates) is read-only to them, so a value posted for it is ignored:
a changed e-mail (then a reset link) or password would let staff sign in as the member and read her
saved queries. An account holding more than the Member role
(staff, superusers, their own account included, or a member given a group or permission one by one)
is view-only to them: its form is read-only, a POST to it or to its password page answers 403.
Deleting is a superuser's alone, whatever the permissions say: staff end an account by deactivating
it (its sessions and tokens stop working, its alerts stop). A superuser keeps the stock admin, and
ticking or clearing "staff status" also puts the account in or out of the Staff group.

``search.admin`` registers the site's User admin on this class (adding the superuser-only saved
queries).
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse

from accounts.roles import holds_more_than_member
from accounts.services import set_staff

MEMBER_FIELDS = frozenset({"first_name", "last_name", "is_active"})  # what staff may change
NEW_ACCOUNT_FIELDS = ("username", "email", "usable_password", "password1", "password2")  # the add form


def _is_superuser(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


class UserAdmin(DjangoUserAdmin):
    """The stock UserAdmin, with staff limited to creating members and changing their names and
    active flags."""

    add_fieldsets = ((None, {"classes": ("wide",), "fields": NEW_ACCOUNT_FIELDS}),)

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
        writable = MEMBER_FIELDS | (set(NEW_ACCOUNT_FIELDS) if obj is None else set()) | set(fields)
        shown = flatten_fieldsets(self.get_fieldsets(request, obj))
        return (*fields, *(name for name in shown if name not in writable))

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        if not _is_superuser(request):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # sets the groups as posted
        if "is_staff" in form.changed_data:
            set_staff(form.instance, form.instance.is_staff)
