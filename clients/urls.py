"""The clients app's pages: staff pages about one record (in the user's scope, framed by
``clients.frame``), the invitation link, and the client's own pages under My recovery."""

from django.urls import path

from clients.views import (
    consent,
    emergency,
    export,
    intake,
    invitation,
    mine,
    record,
    retention,
    screening,
    support,
    texts,
)

app_name = "clients"

urlpatterns = [
    # Staff: the list, intake and the record
    path("clients/", record.client_list_page, name="list"),
    path("clients/export.csv", record.client_list_csv, name="list_csv"),
    # Texts from clients that need a person (replies to reminders)
    path("texts/", texts.text_inbox, name="text_inbox"),
    path("texts/<int:pk>/", texts.text_message, name="text_message"),
    path("clients/intake/new/", intake.intake_new, name="intake_new"),
    path("clients/<int:pk>/profile/", record.profile, name="profile"),
    path("clients/<int:pk>/emergency-access/", emergency.emergency_access, name="emergency_access"),
    path(
        "clients/<int:pk>/emergency-summary/",
        emergency.emergency_summary,
        name="emergency_summary",
    ),
    path("clients/<int:pk>/profile/edit/", record.profile_edit, name="profile_edit"),
    path("clients/<int:pk>/status/", record.status, name="status"),
    path("clients/<int:pk>/legal-hold/", retention.legal_hold, name="legal_hold"),
    path("clients/<int:pk>/assignments/", record.assignments, name="assignments"),
    path(
        "clients/<int:pk>/alerts/<int:alert_pk>/follow-up/",
        record.alert_follow_up,
        name="alert_follow_up",
    ),
    path("clients/<int:pk>/intake/", intake.intake_overview, name="intake"),
    path("clients/<int:pk>/intake/start/", intake.intake_begin, name="intake_start"),
    path("clients/<int:pk>/intake/resume/", intake.intake_resume, name="intake_resume"),
    path("clients/<int:pk>/intake/finish/", intake.intake_finish, name="intake_finish"),
    path("clients/<int:pk>/intake/<slug:step>/", intake.intake_step, name="intake_step"),
    path("clients/<int:pk>/screenings/", screening.screening_list, name="screenings"),
    path(
        "clients/<int:pk>/screenings/new/<slug:code>/",
        screening.screening_new,
        name="screening_new",
    ),
    path(
        "clients/<int:pk>/screenings/<int:screening_pk>/",
        screening.screening_detail,
        name="screening",
    ),
    path("clients/<int:pk>/export.json", export.export_json, name="export_json"),
    path("clients/<int:pk>/export/", export.export_print, name="export_print"),
    # Staff: consents, disclosures, support network and portal access
    path("clients/<int:client_pk>/consents/", consent.consent_list, name="consent_list"),
    path("clients/<int:client_pk>/consents/new/", consent.consent_create, name="consent_create"),
    path(
        "clients/<int:client_pk>/consents/<int:pk>/",
        consent.consent_detail,
        name="consent_detail",
    ),
    path(
        "clients/<int:client_pk>/consents/<int:pk>/revoke/",
        consent.consent_revoke_view,
        name="consent_revoke",
    ),
    path(
        "clients/<int:client_pk>/consents/<int:pk>/event/",
        consent.consent_event,
        name="consent_event",
    ),
    path(
        "clients/<int:client_pk>/consents/<int:pk>/scan/",
        consent.consent_scan,
        name="consent_scan",
    ),
    path("clients/<int:client_pk>/disclosures/", consent.disclosure_list, name="disclosure_list"),
    path(
        "clients/<int:client_pk>/disclosures/<int:pk>/cover/",
        consent.disclosure_cover,
        name="disclosure_cover",
    ),
    path(
        "clients/<int:client_pk>/disclosures/<int:pk>/suspend-accounting/",
        consent.disclosure_suspend,
        name="disclosure_suspend",
    ),
    path(
        "clients/<int:client_pk>/disclosures/new/",
        consent.disclosure_create,
        name="disclosure_create",
    ),
    path(
        "clients/<int:client_pk>/disclosures/without-consent/",
        consent.disclosure_without_consent,
        name="disclosure_without_consent",
    ),
    path(
        "clients/<int:client_pk>/support-network/",
        support.support_network,
        name="support_network",
    ),
    path("clients/<int:client_pk>/portal-access/", invitation.invitation, name="invitation"),
    path(
        "clients/<int:client_pk>/portal-access/revoke/",
        invitation.portal_access_revoke_view,
        name="portal_access_revoke",
    ),
    # Anyone holding the e-mailed link
    path("invitation/<str:token>/", invitation.invitation_accept_view, name="invitation_accept"),
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
    path("my/download-my-record/", mine.my_record_download, name="my_record_download"),
]
