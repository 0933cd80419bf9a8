"""Admin: users with their role; for superusers only, saved queries with their alert history.

Least privilege: staff manage users here but never see a member's saved queries, alert hits or alert
e-mails (which cases each member watches): those pages, the users' saved-query inline and count are
a superuser's alone, whatever permissions a group is given. Members manage their own queries under
/saved/.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.models import User
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from accounts.roles import role_of
from accounts.user_admin import UserAdmin as AccountsUserAdmin
from search.models import AlertCursor, AlertEmail, AlertHit, SavedQuery
from search.saved import services


class SuperuserOnly:
    """A model admin only superusers reach (members' private rows)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.is_active and request.user.is_superuser


class SavedQueryInline(SuperuserOnly, admin.TabularInline):
    model = SavedQuery
    extra = 0
    fields = ("name", "params", "alert_frequency", "last_run_at", "created_at")
    readonly_fields = ("last_run_at", "created_at")
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.is_active and request.user.is_superuser


class AlertHitInline(SuperuserOnly, admin.TabularInline):
    model = AlertHit
    extra = 0
    fields = ("letter", "case_number", "created_at", "email")
    readonly_fields = fields
    can_delete = False
    raw_id_fields = ("letter",)

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class UserAdmin(AccountsUserAdmin):
    list_display = (
        "username",
        "email",
        "role",
        "is_active",
        "saved_query_count",
        "last_login",
        "date_joined",
    )
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    inlines = [SavedQueryInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(saved_query_total=Count("saved_queries"))

    def get_list_display(self, request: HttpRequest) -> tuple[str, ...]:
        if request.user.is_superuser:
            return self.list_display
        return tuple(name for name in self.list_display if name != "saved_query_count")

    def get_inlines(self, request: HttpRequest, obj: User | None) -> list:
        return list(self.inlines) if request.user.is_superuser else []

    @admin.display(description="Role")
    def role(self, obj: User) -> str:
        return role_of(obj)

    @admin.display(description="Saved queries", ordering="saved_query_total")
    def saved_query_count(self, obj: User) -> int:
        return getattr(obj, "saved_query_total", 0)


@admin.register(SavedQuery)
class SavedQueryAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ("name", "owner", "alert_frequency", "hit_count", "last_run_at", "created_at")
    list_filter = ("alert_frequency",)
    search_fields = ("name", "params", "owner__username", "owner__email")
    raw_id_fields = ("owner",)
    readonly_fields = ("alert_since", "last_run_at", "last_seen_count", "created_at", "updated_at")
    inlines = [AlertHitInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("owner").annotate(hit_total=Count("hits"))

    @admin.display(description="Alerted letters", ordering="hit_total")
    def hit_count(self, obj: SavedQuery) -> int:
        return getattr(obj, "hit_total", 0)

    def save_model(self, request: HttpRequest, obj: SavedQuery, form: object, change: bool) -> None:
        if change:
            stored = SavedQuery.objects.get(pk=obj.pk)
            if stored.owner_id != obj.owner_id:
                SavedQuery.objects.filter(pk=obj.pk).update(owner=obj.owner)
                stored.owner_id = obj.owner_id
            services.update_saved_query(
                stored, name=obj.name, params=obj.params, alert_frequency=obj.alert_frequency
            )
        else:
            created = services.create_saved_query(obj.owner, obj.name, obj.params, obj.alert_frequency)
            obj.pk = created.pk

    def delete_model(self, request: HttpRequest, obj: SavedQuery) -> None:
        services.delete_saved_query(obj)


@admin.register(AlertEmail)
class AlertEmailAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = (
        "created_at",
        "user",
        "frequency",
        "period",
        "saved_query",
        "letter_count",
        "status",
        "sent_at",
    )
    list_filter = ("frequency", "status")
    search_fields = ("user__username", "recipient", "subject", "period")
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in AlertEmail._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(AlertHit)
class AlertHitAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ("created_at", "saved_query", "owner", "case_number", "email")
    list_filter = (("email", admin.EmptyFieldListFilter),)
    search_fields = ("case_number", "saved_query__name", "saved_query__owner__username")
    date_hierarchy = "created_at"
    readonly_fields = ("saved_query", "letter", "case_number", "created_at", "email")
    list_select_related = ("saved_query__owner", "email")

    @admin.display(description="Owner")
    def owner(self, obj: AlertHit) -> str:
        return obj.saved_query.owner.get_username()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(AlertCursor)
class AlertCursorAdmin(admin.ModelAdmin):
    list_display = ("name", "position", "updated_at")
    readonly_fields = ("name", "position", "updated_at")
