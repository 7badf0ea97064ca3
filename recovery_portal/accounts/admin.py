from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from recovery_portal.accounts.access import access_end
from recovery_portal.accounts.forms import StaffAddForm
from recovery_portal.accounts.invitation import staff_add, staff_invite
from recovery_portal.accounts.models import User
from recovery_portal.accounts.services import user_mfa_reset
from recovery_portal.audit.services import audit_record


class HasTOTPFilter(admin.SimpleListFilter):
    title = "two-factor"
    parameter_name = "totp"

    def lookups(self, request, model_admin):
        return [("yes", "Enrolled"), ("no", "Not enrolled")]

    def queryset(self, request, queryset):
        enrolled = Authenticator.objects.filter(type=Authenticator.Type.TOTP).values("user_id")
        if self.value() == "yes":
            return queryset.filter(pk__in=enrolled)
        if self.value() == "no":
            return queryset.exclude(pk__in=enrolled)
        return queryset


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Administrators manage people here: add staff (who get an invitation and choose their own
    password: no administrator ever sees or types it), deactivate (never delete), roles, send
    a new invitation, reset two-step sign-in."""

    add_form = StaffAddForm
    ordering = ("full_name", "email")
    list_display = ("email", "full_name", "role_list", "is_active", "last_login")
    list_filter = ("groups", "is_active", HasTOTPFilter, "is_staff")
    search_fields = ("email", "full_name", "phone")
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ("groups",)
    actions = ["send_invitation", "reset_mfa", "deactivate"]
    fieldsets = (
        (None, {"fields": ("email",)}),
        ("Person", {"fields": ("full_name", "phone", "time_zone")}),
        (
            "Access",
            {
                "fields": ("is_active", "groups", "is_staff"),
                "description": "Roles are the groups. Give Administrators 'may use the admin "
                "site' too. Deactivate people who leave; accounts are never deleted.",
            },
        ),
        ("History", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("full_name", "email", "role"),
                "description": "They get an e-mail with a link (it works once, for 7 days) to "
                "choose their own password and set up two-step sign-in.",
            },
        ),
    )

    def get_urls(self):
        # No page where an administrator types someone's password: people choose their own
        # from an invitation ("Send a new invitation" when they forgot it).
        return [url for url in super().get_urls() if not str(url.pattern).endswith("password/")]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="roles")
    def role_list(self, obj):
        return ", ".join(g.name for g in obj.groups.all()) or "—"

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: their audit trail must keep pointing at them

    def save_model(self, request, obj, form, change):
        if not change:
            self._add_staff(request, obj, form)
            return
        # Roles (groups) are saved after the user, in save_related: note them as they were.
        form.roles_before = set(obj.groups.values_list("name", flat=True)) if change else set()
        obj.email = obj.email.strip().lower()
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            # Unticking "active" ends every way in, as the action does (accounts/access.py).
            access_end(
                user=obj, actor=request.user, reason="deactivate", deactivate=True, request=request
            )
            obj.refresh_from_db()
        EmailAddress.objects.update_or_create(
            user=obj, email=obj.email, defaults={"primary": True, "verified": True}
        )
        audit_record(
            actor=request.user,
            action="user.change" if change else "user.create",
            target=obj,
            request=request,
            details={"fields": sorted(form.changed_data)},
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        before = getattr(form, "roles_before", set())
        after = set(form.instance.groups.values_list("name", flat=True))
        if before != after:
            audit_record(
                actor=request.user,
                action="user.roles_change",
                target=form.instance,
                request=request,
                details={"added": sorted(after - before), "removed": sorted(before - after)},
            )

    def _add_staff(self, request, obj, form):
        """The person is made, with their role, and invited, by one audited service."""
        invitation = staff_add(
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            role=form.cleaned_data["role"],
            actor=request.user,
            request=request,
        )
        # The admin goes on with this object (its messages and the next page).
        obj.pk = invitation.user.pk
        obj._state.adding = False
        form.roles_before = {form.cleaned_data["role"].name}
        messages.info(
            request, f"An invitation is on its way to {invitation.email} (within a minute)."
        )

    @admin.action(
        description="Send a new invitation (the link replaces any earlier one and any password)",
        permissions=["change"],
    )
    def send_invitation(self, request, queryset):
        sent = 0
        for user in queryset:
            try:
                staff_invite(user=user, actor=request.user, request=request)
                sent += 1
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        if sent:
            messages.success(request, f"A new invitation is on its way to {sent}.")

    @admin.action(
        description="Reset two-step sign-in (they set it up again at their next sign-in)",
        permissions=["reset_mfa"],
    )
    def reset_mfa(self, request, queryset):
        for user in queryset:
            user_mfa_reset(user=user, actor=request.user, request=request)
        messages.success(request, f"Two-step sign-in reset for {queryset.count()}.")

    def has_reset_mfa_permission(self, request):
        return request.user.has_perm("accounts.reset_user_mfa")

    @admin.action(description="Deactivate (they can no longer sign in)", permissions=["change"])
    def deactivate(self, request, queryset):
        for user in queryset.filter(is_active=True):
            # Every way in ends for good: sessions, calendar and e-mailed links, the password.
            access_end(
                user=user, actor=request.user, reason="deactivate", deactivate=True, request=request
            )
            audit_record(actor=request.user, action="user.deactivate", target=user, request=request)
        messages.success(request, "Deactivated.")


admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(DjangoGroupAdmin):
    """Roles are groups; a change to what a role may do is audited, permission by permission.
    (``roles_sync_permissions`` puts the roles' own permissions back after each migrate.)
    Its pages say "role", as the portal does, not Django's "group"."""

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": "Roles", **(extra_context or {})})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        title = "Change role" if object_id else "Add role"
        context = {"title": title, **(extra_context or {})}
        return super().changeform_view(request, object_id, form_url, context)

    def save_model(self, request, obj, form, change):
        form.permissions_before = _permission_names(obj) if change else set()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        before = getattr(form, "permissions_before", set())
        after = _permission_names(form.instance)
        if before != after or not change:
            audit_record(
                actor=request.user,
                action="role.permissions_change",
                target=form.instance,
                request=request,
                details={
                    "role": form.instance.name,
                    "added": sorted(after - before),
                    "removed": sorted(before - after),
                },
            )


def _permission_names(group: Group) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }
