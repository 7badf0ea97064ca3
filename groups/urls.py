from django.urls import path

from groups.views import client, feed, public, roster, staff

app_name = "groups"

urlpatterns = [
    # Public: no sign-in.
    path("meetings/", public.finder, name="finder"),
    path("meetings/feed.json", public.feed, name="feed"),
    path("meetings/calendar/<str:token>.ics", feed.calendar_feed, name="calendar_feed"),
    path("meetings/<slug:slug>/", public.meeting, name="meeting"),
    path("meetings/<slug:slug>.ics", public.meeting_ics, name="meeting_ics"),
    # Staff.
    path("groups/", staff.group_list, name="list"),
    path("groups/new/", staff.group_edit, name="new"),
    path("groups/calendar/", staff.calendar, name="calendar"),
    path("groups/<int:pk>/", staff.group_detail, name="detail"),
    path("groups/<int:pk>/edit/", staff.group_edit, name="edit"),
    path("groups/<int:pk>/enroll/", staff.enroll, name="enroll"),
    path("groups/<int:pk>/attendance/", staff.history, name="history"),
    path("groups/enrollments/<int:pk>/end/", staff.enrollment_end, name="enrollment_end"),
    path("groups/sessions/<int:pk>/", roster.session, name="session"),
    path("groups/sessions/<int:pk>/mark/", roster.attendance_mark, name="attendance_mark"),
    path("groups/sessions/<int:pk>/all-present/", roster.attendance_all, name="attendance_all"),
    path("groups/sessions/<int:pk>/cancel/", roster.session_cancel, name="session_cancel"),
    path("groups/sessions/<int:pk>/move/", roster.session_move, name="session_move"),
    path("clients/<int:pk>/meetings/", client.record_meetings, name="record_meetings"),
    # The client's own.
    path("my/meetings/", client.mine, name="mine"),
    path("my/meetings/join/<int:pk>/", client.join, name="join"),
    path("my/meetings/leave/<int:pk>/", client.leave, name="leave"),
    path("my/meetings/sessions/<int:pk>/rsvp/", client.rsvp, name="rsvp"),
    path("my/meetings/outside/", client.outside_log, name="outside_log"),
    # Anyone with a calendar: clients and facilitators.
    path("calendar-link/", feed.calendar_link, name="calendar_link"),
]
