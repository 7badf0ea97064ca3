"""Admin pages of client records. Records are made and changed in the portal, with their
history and audit events: here administrators look things up (e.g. to link an account);
consents, disclosures, support contacts and invitations are read-only.

Minimum necessary: pages holding client data open only to people who may see every client (an
administrator who is also a supervisor), never to the superuser flag alone, and each list and
record looked at is audited like a look in the portal. Programs are settings: open to all
administrators."""

from allauth.account.decorators import reauthentication_required
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from clients.forms.retention import RetentionDecisionForm
from clients.models import (
    CaseAssignment,
    Client,
    ClientStatusChange,
    Consent,
    Disclosure,
    EmergencyAccess,
    PortalInvitation,
    Program,
    RetentionReview,
    RetentionStatus,
    SupportContact,
)
from clients.models.retention import OPEN_REVIEW_STATUSES
from clients.selectors.retention import under_18_at_closing
from clients.services.destruction import record_destroy
from clients.services.legal_hold import legal_hold_lift, legal_hold_place
from clients.services.record import client_admin_listed, client_admin_viewed
from clients.services.retention import (
    DECIDE_PERMISSION,
    retention_review_approve,
    retention_review_keep,
)


class ClientDataAdmin(admin.ModelAdmin):
    """An admin page of client data: gated by ``may_see_all_clients``, every read audited."""

    audit_part = "record"  # what the client reads in "Who has seen my record"

    def _may_see_clients(self, request) -> bool:
        return request.user.may_see_all_clients

    def has_module_permission(self, request):
        return self._may_see_clients(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._may_see_clients(request) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_see_clients(request) and super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return self._may_see_clients(request) and super().has_add_permission(request)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:  # not a redirect (an action, a bad filter)
            client_admin_listed(
                actor=request.user,
                model_label=self.model._meta.label_lower,
                client_ids=[obj.audit_client_id for obj in changelist.result_list],
                request=request,
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        shown = (getattr(response, "context_data", None) or {}).get("original")
        if shown is not None and request.method == "GET":
            client_admin_viewed(
                actor=request.user, obj=shown, part=self.audit_part, request=request
            )
        return response


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("name", "location", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "location")


class CaseAssignmentInline(admin.TabularInline):
    model = CaseAssignment
    fk_name = "client"
    extra = 0
    fields = ("case_manager", "is_primary", "started_at", "ended_at", "reason")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # assignments are made in the portal, with their history


class StatusChangeInline(admin.TabularInline):
    model = ClientStatusChange
    extra = 0
    fields = ("at", "from_status", "to_status", "reason", "changed_by")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Client)
class ClientAdmin(ClientDataAdmin):
    """Administrators can look up a record (e.g. to link an account); casework is in the portal."""

    list_display = ("display_name", "status", "program", "created_at")
    list_filter = ("status", "program")
    search_fields = ("legal_first_name", "legal_last_name", "preferred_name", "email", "phone")
    readonly_fields = ("created_at", "created_by", "updated_at", "status")
    inlines = [CaseAssignmentInline, StatusChangeInline]
    list_select_related = ("program",)
    audit_part = "profile"

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ClientDataAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ("client", "recipient_name", "purpose", "signed_at", "revoked_at", "expires_on")
    list_filter = ("purpose", "signature_method")
    search_fields = ("client__legal_last_name", "recipient_name")
    list_select_related = ("client",)
    audit_part = "consent"
    exclude = ("scan",)  # scans are opened through the portal's scoped view only


@admin.register(Disclosure)
class DisclosureAdmin(ReadOnlyAdmin):
    list_display = ("client", "recipient_name", "disclosed_at", "channel", "disclosed_by")
    list_filter = ("channel",)
    list_select_related = ("client", "disclosed_by")
    audit_part = "disclosure"


@admin.register(SupportContact)
class SupportContactAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "client", "may_contact", "removed_at")
    list_filter = ("kind", "may_contact")
    list_select_related = ("client",)
    audit_part = "support network"


@admin.register(PortalInvitation)
class PortalInvitationAdmin(ReadOnlyAdmin):
    list_display = ("client", "email", "created_at", "expires_at", "accepted_at", "withdrawn_at")
    exclude = ("token_hash",)
    list_select_related = ("client",)
    audit_part = "portal access"


@admin.register(EmergencyAccess)
class EmergencyAccessAdmin(ReadOnlyAdmin):
    list_display = ("started_at", "user", "client", "expires_at")
    list_select_related = ("user", "client")
    audit_part = "emergency access"


@admin.register(RetentionReview)
class RetentionReviewAdmin(admin.ModelAdmin):
    """Closed records past their retention period, for an administrator's decision.

    Administrators see no clinical record: a review shows the record number, the closing and
    due dates, whether a legal hold is in force and the decision — never a name or anything
    from the record. Decisions are made on the "Decide" page (services in
    ``clients.services.retention``); the rows themselves are never edited or deleted here.
    """

    list_display = (
        "record_number",
        "closed_on",
        "due_on",
        "due_because",
        "status",
        "on_hold",
        "under_18",
        "listed_at",
        "decided_at",
        "files_still_to_delete",
        "decide_link",
    )
    list_filter = ("status",)
    search_fields = ("=record_number",)
    fields = (
        "record_number",
        "closed_on",
        "due_on",
        "due_because",
        "status",
        "on_hold",
        "under_18",
        "listed_at",
        "decided_by",
        "decided_at",
        "reason",
        "paper",
        "destroyed_at",
        "destroyed_counts",
        "files_left",
    )
    readonly_fields = fields
    list_select_related = ("decided_by",)

    def get_queryset(self, request):
        # Only the hold flag and the date of birth are read from the record, and the date of
        # birth only to say "under 18 at closing": names and dates never reach the page.
        return (
            super()
            .get_queryset(request)
            .annotate(held=F("client__legal_hold"), born=F("client__date_of_birth"))
        )

    def has_add_permission(self, request):
        return False  # the monthly task lists records

    def has_change_permission(self, request, obj=None):
        return False  # decisions go through the Decide page, which calls the services

    def has_delete_permission(self, request, obj=None):
        return False  # the review is what remains of a destroyed record

    @admin.display(boolean=True, description="legal hold")
    def on_hold(self, obj):
        return bool(getattr(obj, "held", False))

    @admin.display(boolean=True, description="under 18 at closing")
    def under_18(self, obj):
        """For counsel's longer rules for minors; "unknown" without a date of birth (or once
        the record is destroyed)."""
        return under_18_at_closing(getattr(obj, "born", None), obj.closed_on)

    @admin.display(description="paper originals and printouts")
    def paper(self, obj):
        return obj.paper_statement or "—"

    @admin.display(description="files still to delete")
    def files_still_to_delete(self, obj):
        """Uploaded files of a destroyed record that failed to go; each monthly run tries
        again (``retention_files_retry``)."""
        return len(obj.files_left) if obj.files_left else "—"

    @admin.display(description="")
    def decide_link(self, obj):
        if obj.status not in OPEN_REVIEW_STATUSES:
            return ""
        url = reverse("admin:clients_retentionreview_decide", args=[obj.pk])
        return format_html('<a href="{}">Decide</a>', url)

    def get_urls(self):
        # Carrying out a destruction asks for the password again (allauth's
        # re-authentication), however recently the administrator signed in.
        destroying = reauthentication_required(
            enabled=lambda request: (
                request.method == "POST" and request.POST.get("decision") == "destroy"
            )
        )
        decide = self.admin_site.admin_view(destroying(self.decide_view))
        return [
            path("<int:pk>/decide/", decide, name="clients_retentionreview_decide"),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk):
        """Approve (record number typed again), carry out an approval given by another
        administrator, keep, or place or lift a hold."""
        if not request.user.may(DECIDE_PERMISSION):
            raise PermissionDenied
        review = get_object_or_404(self.get_queryset(request).select_related("decided_by"), pk=pk)
        held = bool(review.held)
        form = RetentionDecisionForm(
            request.POST or None, review=review, held=held, user=request.user
        )
        if request.method == "POST" and form.is_valid():
            try:
                done = self._decide(request, review, form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, done)
                return redirect("admin:clients_retentionreview_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Decide on record {review.record_number}",
            "review": review,
            "held": held,
            # Who placed the hold in force, and when (its reason stays on the record).
            "hold": review.client.legal_holds.filter(lifted_at__isnull=True)
            .select_related("placed_by")
            .first()
            if held and review.client_id
            else None,
            "approved_by_me": review.status == RetentionStatus.APPROVED
            and review.decided_by_id == request.user.pk,
            "under_18": under_18_at_closing(review.born, review.closed_on),
            "form": form,
            "statuses": RetentionStatus,
        }
        return TemplateResponse(request, "admin/clients/retentionreview/decide.html", context)

    def _decide(self, request, review, data) -> str:
        decision, reason = data["decision"], data.get("reason", "")
        actor, number = request.user, review.record_number
        if decision == "approve":
            retention_review_approve(
                review=review,
                actor=actor,
                confirmation=data["confirm_record_number"],
                paper_disposal=data["paper_disposal"],
                paper_destroyed_on=data.get("paper_destroyed_on"),
                paper_destroyed_by=data.get("paper_destroyed_by", ""),
                request=request,
            )
            return (
                f"The destruction of record {number} is approved. A second administrator "
                "carries it out (Decide → Carry out the approved destruction)."
            )
        if decision == "destroy":
            counts = record_destroy(review=review, actor=actor, request=request)
            return f"Record {number} is destroyed ({sum(counts.values())} rows and its files)."
        if decision == "keep":
            retention_review_keep(review=review, actor=actor, reason=reason, request=request)
            return f"Record {number} is kept."
        client = review.client  # a hold is placed on the record itself
        if client is None:  # destroyed since the page was opened
            raise ValidationError(
                "This record no longer exists: it was destroyed under the retention policy."
            )
        if decision == "hold":
            legal_hold_place(client=client, actor=actor, reason=reason, request=request)
            return f"Record {number} is under a legal hold."
        legal_hold_lift(client=client, actor=actor, reason=reason, request=request)
        return f"The legal hold on record {number} is lifted."
