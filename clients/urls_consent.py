"""Consents, disclosures, support network, invitations and the client's own pages."""

from django.urls import path

from .views import consents, invitations, mine, support

urlpatterns: list = [
    # Staff, about one client in their scope
    path("clients/<int:client_pk>/consents/", consents.consent_list, name="consent_list"),
    path("clients/<int:client_pk>/consents/new/", consents.consent_create, name="consent_create"),
    path(
        "clients/<int:client_pk>/consents/<int:pk>/",
        consents.consent_detail,
        name="consent_detail",
    ),
    path(
        "clients/<int:client_pk>/consents/<int:pk>/revoke/",
        consents.consent_revoke_view,
        name="consent_revoke",
    ),
    path(
        "clients/<int:client_pk>/consents/<int:pk>/scan/",
        consents.consent_scan,
        name="consent_scan",
    ),
    path("clients/<int:client_pk>/disclosures/", consents.disclosure_list, name="disclosure_list"),
    path(
        "clients/<int:client_pk>/disclosures/new/",
        consents.disclosure_create,
        name="disclosure_create",
    ),
    path(
        "clients/<int:client_pk>/support-network/",
        support.support_network,
        name="support_network",
    ),
    path("clients/<int:client_pk>/portal-access/", invitations.invitation, name="invitation"),
    path(
        "clients/<int:client_pk>/portal-access/revoke/",
        invitations.portal_access_revoke_view,
        name="portal_access_revoke",
    ),
    # Anyone holding the e-mailed link
    path("invitation/<str:token>/", invitations.invitation_accept_view, name="invitation_accept"),
    # The client's own pages
    path("my/profile/", mine.my_profile, name="my_profile"),
    path("my/consents/", mine.my_consents, name="my_consents"),
    path("my/consents/<int:pk>/", mine.my_consent, name="my_consent"),
    path("my/consents/<int:pk>/revoke/", mine.my_consent_revoke, name="my_consent_revoke"),
    path("my/consents/<int:pk>/scan/", mine.my_consent_scan, name="my_consent_scan"),
    path("my/support-network/", mine.my_support_network, name="my_support_network"),
    path("my/support-network/add/", mine.my_contact_add, name="my_contact_add"),
    path("my/support-network/<int:pk>/", mine.my_contact_edit, name="my_contact_edit"),
    path("my/support-network/<int:pk>/remove/", mine.my_contact_remove, name="my_contact_remove"),
    path("my/disclosures/", mine.my_disclosures, name="my_disclosures"),
    path("my/who-has-seen-my-record/", mine.my_record_views, name="my_record_views"),
]
